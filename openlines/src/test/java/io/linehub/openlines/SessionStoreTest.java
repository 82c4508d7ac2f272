package io.linehub.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The open-line stores against a real PostgreSQL: sessions, the inbox's dedupe and leases, the outbox's order. */
class SessionStoreTest {

  static Vertx vertx;
  static Pool pool;
  static SessionStore sessions;
  static Inbox inbox;
  static Outbox outbox;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("openlines").pool(vertx, 8);
    sessions = new SessionStore(pool);
    inbox = new Inbox(pool);
    outbox = new Outbox(pool);
    await(new ChannelStore(pool).create("tg", "telegram", "support", "Support", "http://127.0.0.1:9", Map.of(),
        Map.of("botToken", "t")));
  }

  @AfterAll
  static void stop() {
    await(pool.close());
    await(vertx.close());
  }

  @Test
  void racingMessagesOfOneCustomerShouldLandInOneSession() {
    List<Future<SessionStore.Continued>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(sessions.continueOrOpen("tg", "support", "race-1", "Olga",
          List.of(new Identity(IdentityType.TELEGRAM, "race-1")), nextInbox(), Instant.now()));
    }
    await(Future.all(racing));

    assertThat(racing).extracting(f -> f.result().session().id()).containsOnly(racing.get(0).result().session().id());
    assertThat(racing).filteredOn(f -> f.result().created()).hasSize(1);
  }

  @Test
  void batchUpsertShouldOpenOrContinueEachCustomerAndCountAMessageOnce() {
    long earlier = await(sessions.continueOrOpen("tg", "support", "many-1", "Ann", List.of(), nextInbox(),
        Instant.now())).session().id();
    long one = nextInbox();
    long two = nextInbox();
    List<SessionStore.Arrival> batch = List.of(
        new SessionStore.Arrival("tg", "support", "many-1", null, List.of(), one, Instant.now()),
        new SessionStore.Arrival("tg", "support", "many-2", "Bob", List.of(new Identity(IdentityType.TELEGRAM, "b")),
            two, Instant.now()));

    var first = await(sessions.continueOrOpenMany(batch));
    var retried = await(sessions.continueOrOpenMany(batch));

    assertThat(first.get("tg\nmany-1").created()).isFalse();
    assertThat(first.get("tg\nmany-1").session().id()).isEqualTo(earlier);
    assertThat(first.get("tg\nmany-1").session().customerName()).as("kept").isEqualTo("Ann");
    assertThat(first.get("tg\nmany-2").created()).isTrue();
    assertThat(retried.get("tg\nmany-1").session().messagesIn()).as("a re-processed row counts once").isEqualTo(2);
    assertThat(retried.get("tg\nmany-2").session().messagesIn()).isEqualTo(1);
  }

  @Test
  void closedSessionShouldLetTheNextMessageOpenANewOne() {
    long first = await(sessions.continueOrOpen("tg", "support", "again-1", null, List.of(), nextInbox(), Instant.now())).session().id();
    await(sessions.close(first, "closed", "done"));
    SessionStore.Continued next = await(sessions.continueOrOpen("tg", "support", "again-1", null, List.of(), nextInbox(), Instant.now()));

    assertThat(next.created()).isTrue();
    assertThat(next.session().id()).isNotEqualTo(first);
  }

  @Test
  void ratingShouldBeAwaitedOnlyFromAClosedSessionThatAskedAndOnlyUntilAnswered() {
    long id = await(sessions.continueOrOpen("tg", "support", "rate-1", null, List.of(), nextInbox(), Instant.now())).session().id();
    assertThat(await(sessions.awaitingRating("tg", "rate-1"))).as("open").isNull();
    await(sessions.close(id, "closed", "done"));
    assertThat(await(sessions.awaitingRating("tg", "rate-1"))).as("not asked").isNull();
    await(sessions.ratingRequested(id));
    assertThat(await(sessions.awaitingRating("tg", "rate-1")).id()).isEqualTo(id);
    await(sessions.rate(id, 4));
    assertThat(await(sessions.awaitingRating("tg", "rate-1"))).as("answered").isNull();
    assertThat(await(sessions.get(id)).rating()).isEqualTo(4);
  }

  @Test
  void sessionSilentPastItsLinesLimitShouldBeFoundAndOthersNot() {
    await(pool.preparedQuery("INSERT INTO openlines.line_settings (line_id, auto_close_minutes) VALUES ($1, 30)")
        .execute(Tuple.of("quiet")));
    long silent = await(sessions.continueOrOpen("tg", "quiet", "silent-1", null, List.of(), nextInbox(), Instant.now())).session().id();
    long recent = await(sessions.continueOrOpen("tg", "quiet", "silent-2", null, List.of(), nextInbox(), Instant.now())).session().id();
    long customerLast = await(sessions.continueOrOpen("tg", "quiet", "silent-3", null, List.of(), nextInbox(), Instant.now())).session().id();
    await(pool.query("""
        UPDATE openlines.sessions SET status = 'answered', last_operator_at = now() - interval '31 minutes',
          last_customer_at = now() - interval '45 minutes' WHERE customer_key = 'silent-1';
        """).execute());
    await(pool.query("""
        UPDATE openlines.sessions SET status = 'answered', last_operator_at = now() - interval '5 minutes',
          last_customer_at = now() - interval '45 minutes' WHERE customer_key = 'silent-2'""").execute());
    await(pool.query("""
        UPDATE openlines.sessions SET status = 'answered', last_operator_at = now() - interval '40 minutes',
          last_customer_at = now() - interval '1 minute' WHERE customer_key = 'silent-3'""").execute());

    assertThat(await(sessions.silent())).contains(silent).doesNotContain(recent, customerLast);
  }

  @Test
  void inboxShouldStoreAnEventOnceAndLeaseARowToOneTaker() {
    var event = new InboundEvent.Message("update:1", "c1", "Olga", "hi", List.of(), Instant.now());
    assertThat(await(inbox.store("tg", List.of(event), Buffer.buffer("{}")))).isEqualTo(1);
    assertThat(await(inbox.store("tg", List.of(event), Buffer.buffer("{}")))).as("a retry").isZero();

    List<Inbox.Row0> taken = await(inbox.take(10));
    assertThat(taken).extracting(r -> r.event().externalId()).contains("update:1");
    assertThat(await(inbox.take(10))).as("leased to the first taker").isEmpty();
    long id = taken.stream().filter(r -> r.event().externalId().equals("update:1")).findFirst().orElseThrow().id();
    await(inbox.done(List.of(id)));
  }

  @Test
  void webhooksArrivingTogetherShouldBeStoredInOrderWithEachNewEventCountedOnce() {
    var a = new InboundEvent.Message("batch:a", "c2", null, "a", List.of(), Instant.now());
    var b = new InboundEvent.Message("batch:b", "c2", null, "b", List.of(), Instant.now());
    var c = new InboundEvent.Status("batch:c", "wamid.1", "read", null, Instant.now());
    String big = "x".repeat(Inbox.ALONE_BYTES + 1);
    List<Future<Integer>> stored = new ArrayList<>();
    // While the first statement is in flight the others queue and go in the next one together.
    stored.add(inbox.store("tg", List.of(a), Buffer.buffer("{\"n\":1}")));
    stored.add(inbox.store("tg", List.of(b, c), Buffer.buffer("{\"n\":2}")));
    stored.add(inbox.store("tg", List.of(b), Buffer.buffer("{\"n\":3}")));
    stored.add(inbox.store("tg", List.of(new InboundEvent.Message("batch:big", "c3", null, "big", List.of(),
        Instant.now())), Buffer.buffer(big)));
    stored.add(inbox.store("tg", List.of(a), Buffer.buffer("{\"n\":4}")));
    await(Future.all(stored));

    assertThat(stored).extracting(Future::result).containsExactly(1, 2, 0, 1, 0);
    var rows = await(pool.preparedQuery("""
            SELECT external_id, convert_from(payload, 'UTF8') AS payload FROM openlines.inbox
            WHERE external_id LIKE 'batch:%' ORDER BY id""").execute());
    List<String> order = new ArrayList<>();
    rows.forEach(row -> order.add(row.getString(0) + " " + (row.getString(1).length() > 20 ? "big"
        : row.getString(1))));
    assertThat(order).containsSubsequence("batch:a {\"n\":1}", "batch:b {\"n\":2}", "batch:c {\"n\":2}")
        .contains("batch:big big").hasSize(4);
  }

  @Test
  void aProcessingNodeShouldBeHandedWhatItStoredLeasedSoOnlyADeadNodesRowsAreTakenLater() {
    Inbox processing = new Inbox(pool);
    List<List<Inbox.Row0>> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
    processing.onStored(handed::add);
    var event = new InboundEvent.Message("handed:1", "c9", "Ivo", "hello", List.of(), Instant.now());

    assertThat(await(processing.store("tg", List.of(event), Buffer.buffer("{}")))).isEqualTo(1);
    assertThat(await(processing.store("tg", List.of(event), Buffer.buffer("{}")))).as("a retry").isZero();

    assertThat(handed).hasSize(1);
    Inbox.Row0 row = handed.get(0).get(0);
    assertThat(row.event()).isEqualTo(event);
    assertThat(row.channelId()).isEqualTo("tg");
    assertThat(await(inbox.take(1000))).as("leased to the node that stored it")
        .extracting(Inbox.Row0::id).doesNotContain(row.id());

    // The node died before working it: once the lease has run out, any taker gets it.
    await(pool.preparedQuery("UPDATE openlines.inbox SET leased_until = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(row.id())));
    List<Inbox.Row0> taken = await(inbox.take(1000));
    assertThat(taken).extracting(Inbox.Row0::id).contains(row.id());
    assertThat(taken).filteredOn(r -> r.id() == row.id()).first().extracting(Inbox.Row0::attempts).isEqualTo(2);
  }

  @Test
  void outboxShouldHoldASessionsLaterReplyWhileAnEarlierOneWaits() {
    Session session = await(sessions.continueOrOpen("tg", "support", "order-1", null, List.of(), nextInbox(), Instant.now())).session();
    await(sessions.setDialog(session.id(), 900_001));
    Session withDialog = await(sessions.get(session.id()));
    await(sessions.operatorWrote(withDialog, 7_000_001, 1, "first", Instant.now()));
    await(sessions.operatorWrote(withDialog, 7_000_002, 2, "second", Instant.now()));
    assertThat(await(sessions.operatorWrote(withDialog, 7_000_001, 1, "first", Instant.now())))
        .as("the same chat message queued once").isNull();

    List<Outbox.Due> due = await(outbox.take(10));
    assertThat(due).filteredOn(d -> d.sessionId() == session.id()).extracting(Outbox.Due::text)
        .containsExactly("first");
    Outbox.Due first = due.stream().filter(d -> d.sessionId() == session.id()).findFirst().orElseThrow();
    await(outbox.retry(first, java.time.Duration.ZERO, "429"));
    assertThat(await(outbox.take(10))).filteredOn(d -> d.sessionId() == session.id()).extracting(Outbox.Due::text)
        .as("the first again, still not the second").containsExactly("first");
  }

  static long inboxIds;

  static synchronized long nextInbox() {
    return ++inboxIds;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

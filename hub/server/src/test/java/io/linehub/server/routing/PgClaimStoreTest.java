package io.linehub.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.Media;
import io.linehub.server.routing.ClaimStore.Result;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.PlanCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The claim is the one step that keeps capacity right across nodes: here many connections race
 * for few agents at once, as several hub nodes sharing the database would (one store per node,
 * each sending its claims and releases in batches).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PgClaimStoreTest {

  private static Vertx vertx;
  private static Pool pool;
  private static PgClaimStore store;
  /** Four nodes' stores over one database. */
  private static PgClaimStore[] nodes;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("hub").pool(vertx, 16);
    store = new PgClaimStore(pool);
    nodes = new PgClaimStore[] {store, new PgClaimStore(pool), new PgClaimStore(pool), new PgClaimStore(pool)};
  }

  @AfterAll
  static void stop() {
    await(pool.close());
    await(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void concurrentCallClaimsShouldGiveEachAgentOneCallAndEachTicketOneAgent() {
    long[] agents = {101, 102, 103};
    List<Future<Result>> claims = new ArrayList<>();
    List<String> order = new ArrayList<>();
    for (int t = 0; t < 60; t++) {
      for (long agent : agents) {
        order.add("call-" + t + ":" + agent);
      }
    }
    Collections.shuffle(order, new Random(7));
    for (int i = 0; i < order.size(); i++) {
      String[] parts = order.get(i).split(":");
      claims.add(nodes[i % nodes.length].claim(parts[0], Long.parseLong(parts[1]), Media.CALL, "sales", 5));
    }
    List<Result> results = await(Future.all(claims)).list();

    assertThat(results.stream().filter(r -> r == Result.OK)).hasSize(agents.length);
    assertThat(count("SELECT count(*) FROM hub.assignments WHERE agent_id = ANY($1) AND released_at IS NULL",
        new Long[] {101L, 102L, 103L})).isEqualTo(3);
    assertThat(count("SELECT count(DISTINCT agent_id) FROM hub.assignments WHERE agent_id = ANY($1)",
        new Long[] {101L, 102L, 103L})).isEqualTo(3);
    assertThat(count("SELECT max(calls) FROM hub.agent_load WHERE agent_id = ANY($1)",
        new Long[] {101L, 102L, 103L})).isEqualTo(1);
  }

  @Test
  void concurrentChatClaimsShouldStopEveryAgentAtTheMaximum() {
    Long[] agents = {201L, 202L, 203L, 204L};
    List<Future<Result>> claims = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      for (long agent : agents) {
        claims.add(nodes[(t + (int) agent) % nodes.length].claim("chat-" + t, agent, Media.CHAT, "chat", 5));
      }
    }
    await(Future.all(claims));

    assertThat(count("SELECT count(*) FROM hub.assignments WHERE agent_id = ANY($1)", agents)).isEqualTo(20);
    assertThat(count("SELECT max(n) FROM (SELECT count(*) AS n FROM hub.assignments WHERE agent_id = ANY($1)"
        + " GROUP BY agent_id) x", agents)).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM (SELECT ticket_id FROM hub.assignments WHERE agent_id = ANY($1)"
        + " GROUP BY ticket_id HAVING count(*) > 1) x", agents)).isZero();
  }

  @Test
  void claimsAndReleasesShouldReadTheirRowsByIndexHoweverManyDeadRowsTheTableHolds() {
    // A table vacuumed while nearly empty, plans cached then, and thousands of rows inserted and
    // deleted without a vacuum since: what the SIP benchmark met, with PostgreSQL 14's statistics
    // collector dropping messages under load so that autovacuum never saw the dead rows.
    Pool one = TestPostgres.freshDatabase("hub").pool(vertx, 1);
    try {
      await(one.query("ALTER TABLE hub.assignments SET (autovacuum_enabled = false)").execute());
      await(one.query("VACUUM ANALYZE hub.assignments").execute());
      await(PlanCounter.track(one));
      PgClaimStore alone = new PgClaimStore(one);
      for (int i = 0; i < 8; i++) {
        assertThat(await(alone.claim("early-" + i, 700 + i, Media.CALL, "sales", 5))).isEqualTo(Result.OK);
        await(alone.release("early-" + i));
      }
      await(one.query("""
          INSERT INTO hub.assignments (ticket_id, line_id, media, agent_id)
          SELECT 'gone-' || g, 'sales', 'chat', 9 FROM generate_series(1, 20000) g""").execute());
      await(one.query("DELETE FROM hub.assignments WHERE ticket_id LIKE 'gone-%'").execute());
      PlanCounter.Counts before = await(PlanCounter.count(one, "FROM hub.assignments WHERE ticket_id = p_ticket"));

      for (int i = 0; i < 10; i++) {
        assertThat(await(alone.claim("late-" + i, 700 + i, Media.CALL, "sales", 5))).isEqualTo(Result.OK);
        await(alone.release("late-" + i));
      }

      PlanCounter.Counts late = await(PlanCounter.count(one, "FROM hub.assignments WHERE ticket_id = p_ticket"))
          .minus(before);
      long pages = await(one.query("SELECT pg_relation_size('hub.assignments') / current_setting('block_size')::int")
          .execute().map(rows -> rows.iterator().next().getLong(0)));
      assertThat(late.calls()).as("a lookup per claim and a delete per release").isEqualTo(20);
      // A sequential scan reads every page each time (168 blocks a statement here before V15); an
      // index probe a few levels and the row (about 20 with the index's dead entries).
      assertThat(late.blocks() / late.calls()).as("blocks per statement, the table having %d pages", pages)
          .isLessThan(pages / 2);
    } finally {
      await(one.close());
    }
  }

  @Test
  void releaseShouldFreeCapacityOnceAndRecoverShouldDropCallsButKeepChats() {
    assertThat(await(store.claim("r-call", 301, Media.CALL, "sales", 5))).isEqualTo(Result.OK);
    assertThat(await(store.claim("r-call-2", 301, Media.CALL, "sales", 5))).isEqualTo(Result.AGENT_BUSY);
    assertThat(await(store.claim("r-call", 302, Media.CALL, "sales", 5))).isEqualTo(Result.TAKEN);
    assertThat(await(store.claim("r-call", 301, Media.CALL, "sales", 5))).as("a retried claim").isEqualTo(Result.OK);
    await(store.release("r-call"));
    await(store.release("r-call"));
    assertThat(await(store.claim("r-call-3", 301, Media.CALL, "sales", 5))).isEqualTo(Result.OK);
    assertThat(await(store.claim("r-chat", 301, Media.CHAT, "chat", 5))).isEqualTo(Result.OK);

    List<ClaimStore.Open> open = await(store.recover());

    assertThat(open).extracting(ClaimStore.Open::ticketId).contains("r-chat").doesNotContain("r-call-3");
    assertThat(await(store.claim("r-call-4", 301, Media.CALL, "sales", 5))).as("calls freed by recover")
        .isEqualTo(Result.OK);
  }

  @Test
  void claimsOfOneBatchShouldBeDecidedInTheOrderTheyWereSent() {
    // Sent together: the store's batch holds all three, decided in order, answered by position.
    List<Future<Result>> sent = List.of(
        store.claim("o-1", 401, Media.CALL, "sales", 5),
        store.claim("o-2", 401, Media.CALL, "sales", 5),
        store.claim("o-1", 402, Media.CALL, "sales", 5),
        store.claim("o-3", 402, Media.CALL, "sales", 5));

    assertThat(await(Future.all(sent)).<Result>list())
        .containsExactly(Result.OK, Result.AGENT_BUSY, Result.TAKEN, Result.OK);
  }

  @Test
  void claimsAndReleasesFromSeveralNodesShouldNeitherDeadlockNorMiscountLoads() {
    // Eight agents, every node claiming and releasing calls across all of them at once: batches
    // of different nodes lock the same agents' rows; any deadlock would fail a batch (and its
    // items would be retried alone), any lost update would leave a load that is not its open calls.
    Long[] agents = {501L, 502L, 503L, 504L, 505L, 506L, 507L, 508L};
    Random random = new Random(11);
    long deadlocksBefore = deadlocks();
    for (int round = 0; round < 20; round++) {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        PgClaimStore node = nodes[random.nextInt(nodes.length)];
        long agent = agents[random.nextInt(agents.length)];
        String ticket = "d-" + round + "-" + i;
        work.add(node.claim(ticket, agent, Media.CALL, "sales", 5)
            .compose(result -> result == Result.OK && random.nextBoolean()
                ? nodes[random.nextInt(nodes.length)].release(ticket) : Future.succeededFuture()));
      }
      await(Future.all(work));
    }

    assertThat(count("""
        SELECT count(*) FROM hub.agent_load l
        WHERE l.agent_id = ANY($1)
          AND l.calls <> (SELECT count(*) FROM hub.assignments a WHERE a.agent_id = l.agent_id
                          AND a.media = 'call' AND a.released_at IS NULL)""", agents))
        .as("agents whose load is not their open calls").isZero();
    assertThat(deadlocks() - deadlocksBefore).as("deadlocks between batches").isZero();
    assertThat(count("SELECT max(calls) FROM hub.agent_load WHERE agent_id = ANY($1)", agents)).isEqualTo(1);
  }

  private static long deadlocks() {
    return await(pool.query("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        .execute()).iterator().next().getLong(0);
  }

  private static long count(String sql, Long[] agents) {
    return await(pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.of((Object) agents)))
        .iterator().next().getLong(0);
  }

  static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}

package io.linehub.server.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PgLineStoreTest implements LineStoreContract {

  private static Vertx vertx;
  private static Pool pool;
  private static PgLineStore store;

  @BeforeAll
  static void start() {
    vertx = io.linehub.testkit.TestVertx.create();
    pool = TestPostgres.freshDatabase("hub").pool(vertx, 8);
    store = new PgLineStore(pool);
  }

  @AfterAll
  static void stop() {
    LineStoreContract.await(pool.close());
    LineStoreContract.await(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Override
  public LineStore store() {
    return store;
  }

  @Override
  public long newUser(boolean active) {
    String login = "user" + SEQUENCE.incrementAndGet();
    return LineStoreContract.await(pool.preparedQuery("INSERT INTO hub.users (login, display_name, role, password_hash,"
            + " active) VALUES ($1, $1, 'agent', 'not-a-hash', $2) RETURNING id").execute(Tuple.of(login, active)))
        .iterator().next().getLong("id");
  }

  @Test
  void deleteShouldRemoveTheQueueWhenLineGoes() {
    Line line = LineStoreContract.await(store.create(Line.of(LineStoreContract.newId(), Strategy.ALL,
        List.of(new Member(newUser(true), 0), new Member(newUser(true), 1)))));

    LineStoreContract.await(store.delete(line.id()));

    assertThat(count("SELECT count(*) FROM hub.line_members WHERE line_id = $1", line.id())).isZero();
  }

  @Test
  void createShouldLetExactlyOneLineHaveTheDidWhenCreatesRace() {
    String did = LineStoreContract.newDid();
    List<Future<Line>> creates = IntStream.range(0, 6)
        .mapToObj(i -> store.create(new Line(LineStoreContract.newId(), null, did, List.of(), Strategy.ALL, List.of(),
            null, 5, null, null, null, null, true, null)))
        .toList();

    LineStoreContract.await(Future.join(creates).otherwiseEmpty()); // all done, some failed

    assertThat(creates.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(creates.stream().filter(Future::failed).map(f -> (LinehubException) f.cause()))
        .allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    assertThat(count("SELECT count(*) FROM hub.lines WHERE did = $1", did)).isEqualTo(1);
  }

  @Test
  void constraintsShouldRefuseRowsThatBypassLineJsonWhenWrittenDirectly() {
    var badId = pool.preparedQuery("INSERT INTO hub.lines (id, name, strategy, call_offer_sec, chat_offer_sec,"
        + " max_wait_sec, wrap_up_sec, max_chats, no_answer, out_of_hours, hours, service_level_sec)"
        + " VALUES ('Bad Id', 'x', 'all', 20, 60, 300, 30, 5, '{}', '{}', '{}', 20)").execute();

    assertThat(badId.toCompletionStage().toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(20))
        .withThrowableThat().withMessageContaining("lines_id_format");
  }

  private static long count(String sql, Object value) {
    return LineStoreContract.await(pool.preparedQuery(sql).execute(Tuple.of(value))).iterator().next().getLong(0);
  }
}

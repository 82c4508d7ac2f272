package io.linehub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.error.LinehubException;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat store's batch path against a real PostgreSQL. */
class PgChatStoreTest {

  static Vertx vertx;
  static Pool pool;
  static PgChatStore store;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("chat").pool(vertx, 8);
    store = new PgChatStore(pool);
  }

  @AfterAll
  static void stop() {
    await(pool.close());
    await(vertx.close());
  }

  @Test
  void batchShouldStoreEachMessageAsAloneAndRefuseOnlyTheBadOnes() {
    long dialog = await(store.group(1, "batch", false, List.of(2L)));

    List<Future<PgChatStore.Posted>> results = await(store.postMany(List.of(
        new PgChatStore.Draft(dialog, 1, "c1", "first", null),
        new PgChatStore.Draft(dialog, 99, "x", "not a member", null),
        new PgChatStore.Draft(987_654, 1, "c2", "no such dialog", null),
        new PgChatStore.Draft(dialog, 1, "c1", "first, resent", null),
        new PgChatStore.Draft(dialog, 2, "c3", "second", null))));

    assertThat(results.get(0).result().message().seq()).isEqualTo(1L);
    assertThat(results.get(0).result().duplicate()).isFalse();
    assertThat(results.get(1).cause()).isInstanceOf(LinehubException.class).hasMessageContaining("not a member");
    assertThat(results.get(2).cause()).isInstanceOf(LinehubException.class).hasMessageContaining("no such dialog");
    assertThat(results.get(3).result().duplicate()).isTrue();
    assertThat(results.get(3).result().message().seq()).isEqualTo(1L);
    assertThat(results.get(4).result().message().seq()).isEqualTo(2L);
    assertThat(await(store.after(dialog, 0, 10))).extracting(m -> m.text()).containsExactly("first", "second");
  }

  @Test
  void batchesRacingOverTheSameDialogsShouldNeitherDeadlockNorLeaveGaps() {
    long a = await(store.group(1, "a", false, List.of(2L)));
    long b = await(store.group(1, "b", false, List.of(2L)));
    List<Future<List<Future<PgChatStore.Posted>>>> batches = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // Half the batches name b first, half a first: the function locks in dialog order anyway.
      long first = i % 2 == 0 ? a : b;
      long second = i % 2 == 0 ? b : a;
      batches.add(store.postMany(List.of(new PgChatStore.Draft(first, 1, null, "m" + i, null),
          new PgChatStore.Draft(second, 2, null, "n" + i, null))));
    }
    await(Future.all(batches));

    assertThat(await(store.after(a, 0, 100))).extracting(m -> m.seq())
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(await(store.after(b, 0, 100))).hasSize(20);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

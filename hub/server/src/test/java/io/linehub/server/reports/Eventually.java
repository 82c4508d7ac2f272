package io.linehub.server.reports;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Test waits built on futures and Vert.x timers: no sleeping threads. */
final class Eventually {

  private static final long POLL_MS = 50;

  private Eventually() {
  }

  /** The future's result, from the test thread; its failure rethrown. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code probe} until its value passes {@code done}; fails with the last value after {@code timeoutMs}. */
  static <T> T until(Vertx vertx, Supplier<Future<T>> probe, Predicate<T> done, long timeoutMs) {
    Promise<T> result = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    poll(vertx, probe, done, deadline, result);
    return await(result.future());
  }

  /** Completes after {@code ms} on a Vert.x timer (for "nothing more happens" checks). */
  static void pause(Vertx vertx, long ms) {
    Promise<Void> elapsed = Promise.promise();
    vertx.setTimer(ms, id -> elapsed.complete());
    await(elapsed.future());
  }

  static Future<Long> count(Pool pool, String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
  }

  private static <T> void poll(Vertx vertx, Supplier<Future<T>> probe, Predicate<T> done, long deadline,
      Promise<T> result) {
    probe.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        result.complete(ar.result());
      } else if (System.nanoTime() > deadline) {
        result.fail(new AssertionError("condition not met in time; last value: "
            + (ar.succeeded() ? ar.result() : ar.cause())));
      } else {
        vertx.setTimer(POLL_MS, id -> poll(vertx, probe, done, deadline, result));
      }
    });
  }
}

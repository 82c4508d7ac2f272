package io.linehub.crm;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: wait for a future from the test thread, count rows, fresh phone numbers. */
public final class Await {

  private static final AtomicLong NUMBERS = new AtomicLong(1_000_000);

  private Await() {
  }

  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure");
  }

  public static long count(Pool pool, String sql, Object... params) {
    return result(pool.preparedQuery(sql).execute(Tuple.from(params)))
        .iterator().next().getLong(0);
  }

  /** A new Moscow number, E.164: +7495 followed by seven digits never used before in this JVM. */
  public static String newPhone() {
    return "+7495" + NUMBERS.incrementAndGet();
  }
}

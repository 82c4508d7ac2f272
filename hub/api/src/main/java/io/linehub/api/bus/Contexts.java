package io.linehub.api.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Work for an object whose state belongs to one Vert.x context (not shared between threads),
 * called from anywhere: run at once when already on that context, else hopped onto it.
 */
public final class Contexts {

  private Contexts() {
  }

  /**
   * Runs {@code work} on {@code own} (at once when {@code own} is null or current); its answer
   * comes back on the caller's context, like a query of the caller's own would.
   */
  public static <T> Future<T> call(Context own, Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    if (own == null || caller == own) {
      return work.get();
    }
    Promise<T> answer = Promise.promise();
    own.runOnContext(v -> {
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (caller == null) {
          answer.handle(ar);
        } else {
          caller.runOnContext(ignored -> answer.handle(ar));
        }
      });
    });
    return answer.future();
  }

  /** Runs {@code work} on {@code own}: at once when {@code own} is null or current, else later there. */
  public static void run(Context own, Runnable work) {
    if (own == null || Vertx.currentContext() == own) {
      work.run();
    } else {
      own.runOnContext(v -> work.run());
    }
  }
}

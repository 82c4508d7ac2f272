package io.linehub.server.routing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/** {@link Scheduler} on a verticle's context: timers and hops all land on that one event loop. */
public final class VertxScheduler implements Scheduler {

  private final Vertx vertx;
  private final Context context;

  public VertxScheduler(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public long schedule(Duration delay, Runnable task) {
    // Vert.x timers started on a context fire on it.
    return vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
  }

  @Override
  public void cancel(long timerId) {
    vertx.cancelTimer(timerId);
  }

  @Override
  public void execute(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(ignored -> task.run());
    }
  }
}

package io.linehub.testkit;

import io.linehub.api.bus.Contracts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/** Vertx for tests: contract codecs registered and a 200 ms event-loop budget that logs offenders. */
public final class TestVertx {

  private TestVertx() {
  }

  public static Vertx create() {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(100)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    Contracts.registerCodecs(vertx);
    return vertx;
  }
}

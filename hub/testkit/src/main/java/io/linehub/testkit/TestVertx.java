package io.linehub.testkit;

import io.linehub.api.bus.Contracts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * Vertx for tests: contract codecs registered and a 500 ms event-loop budget whose warnings carry
 * the stuck thread's stack. 500 ms, not less: on a loaded 2-core CI machine a JIT or GC stall alone
 * can hold a thread for 200 ms, while a real blocking call (JDBC, sleep, a KDF) in the tested paths
 * runs every time and is still caught.
 */
public final class TestVertx {

  private TestVertx() {
  }

  public static Vertx create() {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(500)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(100)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(500)
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    Contracts.registerCodecs(vertx);
    return vertx;
  }
}

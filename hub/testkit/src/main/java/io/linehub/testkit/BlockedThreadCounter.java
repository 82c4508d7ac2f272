package io.linehub.testkit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts Vert.x "Thread blocked" warnings. Tests create Vertx through {@link TestVertx} (a low
 * max-execute-time) and assert {@link #count()} stays zero: a blocked event loop is a failure.
 */
public final class BlockedThreadCounter extends AppenderBase<ILoggingEvent> {

  private static final AtomicInteger COUNT = new AtomicInteger();

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getFormattedMessage().contains("blocked")) {
      COUNT.incrementAndGet();
    }
  }

  public static int count() {
    return COUNT.get();
  }
}

package io.linehub.testkit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects Vert.x "Thread blocked" warnings. Tests create Vertx through {@link TestVertx} (a low
 * max-execute-time, stack traces from the first warning) and assert {@link #reports()} stays empty:
 * a blocked event loop is a failure, and the failure message carries where the thread was stuck.
 */
public final class BlockedThreadCounter extends AppenderBase<ILoggingEvent> {

  private static final int FRAMES = 12;
  private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (!message.contains("blocked")) {
      return;
    }
    StringBuilder report = new StringBuilder(message);
    IThrowableProxy stuck = event.getThrowableProxy();
    if (stuck != null) {
      StackTraceElementProxy[] frames = stuck.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
        report.append("\n    ").append(frames[i].getSTEAsString());
      }
    }
    REPORTS.add(report.toString());
  }

  /**
   * Takes back the warnings that mention {@code text} (a thread's name), for a test that blocks a
   * loop on purpose; answers them.
   */
  public static List<String> take(String text) {
    List<String> taken = REPORTS.stream().filter(report -> report.contains(text)).toList();
    REPORTS.removeAll(taken);
    return taken;
  }

  /** Every blocked-thread warning so far, each with the top of the stuck thread's stack. */
  public static List<String> reports() {
    return List.copyOf(REPORTS);
  }

}

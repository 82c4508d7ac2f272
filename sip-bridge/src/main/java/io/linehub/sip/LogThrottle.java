package io.linehub.sip;

import java.time.Duration;

/**
 * Says when a recurring event deserves a log line: the first time, then at most once per period,
 * with how many happened since the last line. What senders on the network cause (junk datagrams,
 * scanners' INVITEs) would otherwise write a line each. Not thread-safe: one owner thread.
 */
final class LogThrottle {

  private final long periodNanos;
  private long count;
  private long reported;
  private long loggedAt;

  LogThrottle(Duration period) {
    this.periodNanos = period.toNanos();
    this.loggedAt = System.nanoTime() - periodNanos;
  }

  /** Counts one event; true when this one should be logged, with {@link #reported()}. */
  boolean count() {
    count++;
    long now = System.nanoTime();
    if (now - loggedAt < periodNanos) {
      return false;
    }
    reported = count;
    count = 0;
    loggedAt = now;
    return true;
  }

  /** The events the line being logged stands for: this one and those not logged before it. */
  long reported() {
    return reported;
  }
}

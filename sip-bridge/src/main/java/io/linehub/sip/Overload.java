package io.linehub.sip;

import java.time.Duration;

/**
 * Load shedding for new calls. Every SIP event hops from the stack's thread onto the SIP verticle's
 * context; how long it waited there is how far behind the B2BUA is. When even the shortest wait of
 * a whole {@link #INTERVAL} passed the limit — a standing queue, not one stall — new calls are
 * refused with {@code 503 Service Unavailable} (stateless, no transaction or dialog) until an
 * interval's shortest wait is back under the limit, while calls already in progress keep being
 * served.
 *
 * <p>Without this, the hub collapsed above capacity: late {@code 100 Trying} made callers
 * retransmit their INVITEs, the retransmissions added load, answers came later still, callers
 * gave up and sent CANCELs, and almost no call completed (benchmark, docs/benchmarks.md). A trunk or
 * PBX treats 503 as "try another route or later" (RFC 3261 §21.5.4, with {@code Retry-After}).
 *
 * <p>Why the shortest wait of an interval (as CoDel judges a network queue) and not each event's:
 * a single stall — a garbage collection, the machine's hypervisor taking the CPU for half a second —
 * makes every event queued behind it late, and the guard then refused every call of that half
 * second (hundreds at 600 calls/s in the benchmark) although the queue drained at once after it.
 * A hub truly past its capacity never drains, so its shortest wait stays high.
 *
 * <p>Confined to the SIP verticle's context, like everything else of the B2BUA.
 */
final class Overload {

  /** How long the wait must stay over the limit before calls are refused. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final long limitNanos;
  private final long intervalNanos = INTERVAL.toNanos();
  private boolean shedding;
  private long refused;
  private boolean started;
  private long windowStart;
  private long windowMin;

  /** @param limit the standing lag at which new calls start being refused; zero or less disables shedding */
  Overload(Duration limit) {
    this.limitNanos = limit.toNanos();
  }

  /** One event reached the context {@code lagNanos} after the stack handed it over, at {@code nowNanos}. */
  void observe(long lagNanos, long nowNanos) {
    if (limitNanos <= 0) {
      return;
    }
    long elapsed = nowNanos - windowStart;
    if (!started || elapsed >= 2 * intervalNanos) {
      // No event for a whole interval: nothing was queued, whatever the last window saw.
      shedding = false;
    } else if (elapsed >= intervalNanos) {
      shedding = windowMin > limitNanos;
    } else {
      windowMin = Math.min(windowMin, lagNanos);
      return;
    }
    started = true;
    windowStart = nowNanos;
    windowMin = lagNanos;
  }

  /** Whether a new call may start now; counts the refusals. */
  boolean admitNewCall() {
    if (shedding) {
      refused++;
      return false;
    }
    return true;
  }

  boolean shedding() {
    return shedding;
  }

  /** New calls refused so far. */
  long refused() {
    return refused;
  }
}

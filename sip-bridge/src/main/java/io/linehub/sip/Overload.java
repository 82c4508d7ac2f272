package io.linehub.sip;

import java.time.Duration;

/**
 * Load shedding for new calls. Every SIP event hops from the stack's thread onto the SIP verticle's
 * context; how long it waited there is how far behind the B2BUA is. When that lag passes the limit
 * new calls are refused with {@code 503 Service Unavailable} (stateless, no transaction or dialog)
 * until it is back under half the limit, while calls already in progress keep being served.
 *
 * <p>Without this, the hub collapsed above capacity: late {@code 100 Trying} made callers
 * retransmit their INVITEs, the retransmissions added load, answers came later still, callers
 * gave up and sent CANCELs, and almost no call completed (benchmark, docs/benchmarks.md). A trunk or
 * PBX treats 503 as "try another route or later" (RFC 3261 §21.5.4, with {@code Retry-After}).
 *
 * <p>Confined to the SIP verticle's context, like everything else of the B2BUA.
 */
final class Overload {

  private final long limitNanos;
  private boolean shedding;
  private long refused;

  /** @param limit the lag at which new calls start being refused; zero or less disables shedding */
  Overload(Duration limit) {
    this.limitNanos = limit.toNanos();
  }

  /** One event reached the context {@code lagNanos} after the stack handed it over. */
  void observe(long lagNanos) {
    if (limitNanos <= 0) {
      return;
    }
    if (lagNanos > limitNanos) {
      shedding = true;
    } else if (lagNanos < limitNanos / 2) {
      shedding = false;
    }
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

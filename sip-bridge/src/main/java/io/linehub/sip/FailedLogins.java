package io.linehub.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Throttles password guessing: after {@value #LIMIT} failed authentications from one address
 * within {@link #WINDOW}, that address is refused outright (403, no new challenge) until the
 * window passes. Confined to the SIP verticle's context.
 */
final class FailedLogins {

  static final int LIMIT = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private record Count(long since, int failures) {
  }

  private final Clock clock;
  private final Map<String, Count> byAddress = new HashMap<>();

  FailedLogins(Clock clock) {
    this.clock = clock;
  }

  boolean blocked(String address) {
    Count count = current(address);
    return count != null && count.failures >= LIMIT;
  }

  void failed(String address) {
    Count count = current(address);
    byAddress.put(address, count == null ? new Count(clock.millis(), 1) : new Count(count.since, count.failures + 1));
    if (byAddress.size() > 10_000) {
      byAddress.entrySet().removeIf(e -> clock.millis() - e.getValue().since > WINDOW.toMillis());
    }
  }

  private Count current(String address) {
    Count count = byAddress.get(address);
    if (count != null && clock.millis() - count.since > WINDOW.toMillis()) {
      byAddress.remove(address);
      return null;
    }
    return count;
  }
}

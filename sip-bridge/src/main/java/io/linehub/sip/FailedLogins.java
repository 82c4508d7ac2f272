package io.linehub.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throttles password guessing: after {@value #LIMIT} failed authentications from one address
 * within {@link #WINDOW}, that address is refused outright (403, no new challenge) until the
 * window passes. Confined to the SIP verticle's context.
 *
 * <p>Addresses are kept in the order their window began, so the expired ones are always at the
 * front and each failure drops them in time proportional to their number. At most
 * {@value #MAX_TRACKED} addresses are tracked (about 15 MB): a guesser spread over more addresses
 * than that within one window (IPv6 makes it cheap) gets its oldest addresses forgotten rather than
 * growing the hub's memory. Before this, past 10,000 addresses every failure scanned them all.
 */
final class FailedLogins {

  static final int LIMIT = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_TRACKED = 100_000;

  private record Count(long since, int failures) {
  }

  private final Clock clock;
  /** In the order each address's window began (a failure within it keeps the address's place). */
  private final LinkedHashMap<String, Count> byAddress = new LinkedHashMap<>();

  FailedLogins(Clock clock) {
    this.clock = clock;
  }

  boolean blocked(String address) {
    Count count = current(address);
    return count != null && count.failures >= LIMIT;
  }

  void failed(String address) {
    long now = clock.millis();
    forgetExpired(now);
    Count count = byAddress.get(address);
    byAddress.put(address, count == null ? new Count(now, 1) : new Count(count.since, count.failures + 1));
    if (byAddress.size() > MAX_TRACKED) {
      Iterator<String> oldest = byAddress.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Addresses tracked now (tests). */
  int tracked() {
    return byAddress.size();
  }

  private Count current(String address) {
    Count count = byAddress.get(address);
    if (count != null && clock.millis() - count.since > WINDOW.toMillis()) {
      byAddress.remove(address);
      return null;
    }
    return count;
  }

  private void forgetExpired(long now) {
    Iterator<Map.Entry<String, Count>> entries = byAddress.entrySet().iterator();
    while (entries.hasNext()) {
      if (now - entries.next().getValue().since <= WINDOW.toMillis()) {
        return;
      }
      entries.remove();
    }
  }
}

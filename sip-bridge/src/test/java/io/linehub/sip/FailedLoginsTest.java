package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {

  private Instant now = Instant.parse("2026-11-23T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void addressShouldBeBlockedAfterTenFailuresAndFreedWhenTheWindowPasses() {
    FailedLogins failures = new FailedLogins(clock);
    for (int i = 0; i < FailedLogins.LIMIT - 1; i++) {
      failures.failed("10.0.0.5");
    }
    assertThat(failures.blocked("10.0.0.5")).isFalse();

    failures.failed("10.0.0.5");

    assertThat(failures.blocked("10.0.0.5")).isTrue();
    assertThat(failures.blocked("10.0.0.6")).as("other addresses are not affected").isFalse();
    now = now.plus(FailedLogins.WINDOW).plusSeconds(1);
    assertThat(failures.blocked("10.0.0.5")).isFalse();
  }

  @Test
  void addressesShouldBeForgottenWhenTheirWindowEndsAndNeverBeyondTheCap() {
    FailedLogins failures = new FailedLogins(clock);
    for (int i = 0; i < FailedLogins.LIMIT; i++) {
      failures.failed("10.0.0.5");
    }
    // A guesser spread over more addresses than are tracked, within one window.
    for (int i = 0; i < FailedLogins.MAX_TRACKED + 500; i++) {
      failures.failed("2001:db8::" + Integer.toHexString(i));
    }
    assertThat(failures.tracked()).isEqualTo(FailedLogins.MAX_TRACKED);
    assertThat(failures.blocked("10.0.0.5")).as("the oldest address was let go first").isFalse();

    now = now.plusSeconds(30);
    failures.failed("10.0.0.7");
    assertThat(failures.tracked()).as("nothing expired yet").isEqualTo(FailedLogins.MAX_TRACKED);
    now = now.plus(FailedLogins.WINDOW).minusSeconds(10);
    failures.failed("10.0.0.8");
    assertThat(failures.tracked()).as("the first burst's window ended; 10.0.0.7's not").isEqualTo(2);
  }
}

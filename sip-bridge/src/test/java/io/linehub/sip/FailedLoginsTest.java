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
}

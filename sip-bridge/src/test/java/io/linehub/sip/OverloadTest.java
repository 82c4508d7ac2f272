package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverloadTest {

  static final long MS = 1_000_000;

  @Test
  void newCallsShouldBeRefusedFromALagOverTheLimitUntilItFallsUnderHalfOfIt() {
    Overload overload = new Overload(Duration.ofMillis(250));
    overload.observe(3 * MS);
    assertThat(overload.admitNewCall()).isTrue();

    overload.observe(251 * MS);
    assertThat(overload.admitNewCall()).isFalse();
    overload.observe(200 * MS);
    assertThat(overload.admitNewCall()).as("still behind: no flapping between 125 and 250 ms").isFalse();
    overload.observe(124 * MS);

    assertThat(overload.admitNewCall()).isTrue();
    assertThat(overload.refused()).isEqualTo(2);
  }

  @Test
  void zeroLimitShouldNeverRefuse() {
    Overload overload = new Overload(Duration.ZERO);
    overload.observe(60_000 * MS);

    assertThat(overload.admitNewCall()).isTrue();
    assertThat(overload.shedding()).isFalse();
    assertThat(overload.refused()).isZero();
  }
}

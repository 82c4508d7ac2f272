package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverloadTest {

  static final long MS = 1_000_000;
  final Overload overload = new Overload(Duration.ofMillis(500));

  @Test
  void newCallsShouldBeRefusedOnceEveryEventOfAWholeIntervalWaitedOverTheLimit() {
    long t = 0;
    for (; t <= 1_000; t += 50) {
      overload.observe(700 * MS, t * MS);
    }
    assertThat(overload.admitNewCall()).as("a second in which no event waited under 500 ms").isFalse();
    for (; t <= 2_000; t += 50) {
      overload.observe(520 * MS, t * MS);
    }
    assertThat(overload.admitNewCall()).as("still behind the whole next second").isFalse();
    for (; t <= 3_100; t += 50) {
      overload.observe((t == 2_500 ? 80 : 900) * MS, t * MS);
    }
    assertThat(overload.admitNewCall()).as("one event served in 80 ms: the queue drained").isTrue();
    assertThat(overload.refused()).isEqualTo(2);
  }

  @Test
  void aSingleStallShouldRefuseNoCall() {
    long t = 0;
    for (; t < 3_000; t += 10) {
      // Events queued behind an 800 ms stall at 1.2 s wait up to 800 ms; the queue drains after it.
      boolean behindTheStall = t >= 1_200 && t < 2_000;
      overload.observe(behindTheStall ? (2_000 - t) * MS : 2 * MS, behindTheStall ? 2_000 * MS : t * MS);
      assertThat(overload.admitNewCall()).as("at " + t + " ms").isTrue();
    }
  }

  @Test
  void anOldIntervalShouldNotCountAfterAQuietTime() {
    overload.observe(900 * MS, 0);
    overload.observe(900 * MS, 900 * MS);
    overload.observe(900 * MS, 60_000 * MS);
    assertThat(overload.admitNewCall()).as("nothing queued for a minute: the lone late event is no queue").isTrue();
  }

  @Test
  void zeroLimitShouldNeverRefuse() {
    Overload never = new Overload(Duration.ZERO);
    for (long t = 0; t < 5_000; t += 100) {
      never.observe(60_000 * MS, t * MS);
    }

    assertThat(never.admitNewCall()).isTrue();
    assertThat(never.shedding()).isFalse();
    assertThat(never.refused()).isZero();
  }
}

package io.linehub.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  final AtomicLong now = new AtomicLong();
  final RateLimit limit = new RateLimit(20, 60, 5, now::get);

  @Test
  void burstShouldPassThenTheRateRefillsItAndPersistentFloodingExhaustsIt() {
    for (int i = 0; i < 60; i++) {
      assertThat(limit.take()).as("frame %d of the burst", i).isTrue();
    }
    assertThat(limit.take()).isFalse();

    now.addAndGet(100_000_000); // 0.1 s: two frames' worth
    assertThat(limit.take()).isTrue();
    assertThat(limit.take()).isTrue();
    assertThat(limit.take()).isFalse();
    assertThat(limit.exhausted()).isFalse();

    for (int i = 0; i < 4; i++) {
      limit.take();
    }
    assertThat(limit.exhausted()).as("five refusals in a row").isTrue();
  }
}

package io.linehub.bench.openlines;

import io.linehub.bench.LatencyHistogram;

/** A thread-safe wrapper of the bench's log-linear histogram. */
final class SyncHistogram {
  private final LatencyHistogram inner = new LatencyHistogram();

  synchronized void record(long nanos) {
    inner.record(nanos);
  }

  synchronized double percentileMs(double p) {
    return inner.percentileMs(p);
  }
}

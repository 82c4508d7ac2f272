package io.linehub.bench.openlines;

import java.util.concurrent.atomic.AtomicLong;

/** One rate's figures; deliveries find their step by the {@code s=} in the message text. */
final class WebhookStep {
  final int index;
  final int rate;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong ok = new AtomicLong();
  final AtomicLong non200 = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong inflight = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong late = new AtomicLong();
  final SyncHistogram http = new SyncHistogram();
  final SyncHistogram e2e = new SyncHistogram();
  volatile long lastDelivery;
  volatile boolean closed;
  volatile String firstProblem;

  WebhookStep(int index, int rate) {
    this.index = index;
    this.rate = rate;
  }

  void problem(String what) {
    if (firstProblem == null) {
      firstProblem = what.length() > 300 ? what.substring(0, 300) : what;
    }
  }
}

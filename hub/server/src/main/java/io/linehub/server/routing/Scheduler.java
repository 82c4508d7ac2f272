package io.linehub.server.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for the routing engine: the clock and one-shot timers, all firing on the engine's own
 * thread. Vert.x timers in production ({@link VertxScheduler}); virtual time in tests.
 */
public interface Scheduler {

  Instant now();

  /** Runs {@code task} once after {@code delay}; returns an id for {@link #cancel}. */
  long schedule(Duration delay, Runnable task);

  void cancel(long timerId);

  /** Runs {@code task} on the engine's thread (for completions arriving from elsewhere). */
  void execute(Runnable task);
}

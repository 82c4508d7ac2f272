package io.linehub.server.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/** Virtual time for engine tests: timers fire only when the test advances the clock. */
final class ManualScheduler implements Scheduler {

  private record Timer(long id, Instant due, Runnable task) {
  }

  private final PriorityQueue<Timer> timers = new PriorityQueue<>(
      Comparator.comparing(Timer::due).thenComparingLong(Timer::id));
  private final Set<Long> cancelled = new HashSet<>();
  private Instant now;
  private long nextId;

  ManualScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public long schedule(Duration delay, Runnable task) {
    long id = nextId++;
    timers.add(new Timer(id, now.plus(delay), task));
    return id;
  }

  @Override
  public void cancel(long timerId) {
    cancelled.add(timerId);
  }

  @Override
  public void execute(Runnable task) {
    task.run();
  }

  /** Moves the clock forward, firing every timer due on the way in order. */
  void advance(Duration duration) {
    Instant target = now.plus(duration);
    while (!timers.isEmpty() && !timers.peek().due().isAfter(target)) {
      Timer timer = timers.poll();
      if (cancelled.remove(timer.id())) {
        continue;
      }
      now = timer.due();
      timer.task().run();
    }
    now = target;
  }
}

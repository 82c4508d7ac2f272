package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WheelSipTimerTest {

  private final WheelSipTimer timer = new WheelSipTimer();

  WheelSipTimerTest() {
    timer.start(null, new Properties());
  }

  @AfterEach
  void stop() {
    timer.stop();
  }

  @Test
  void scheduledTaskShouldRunOnceAfterItsDelay() throws Exception {
    Task task = new Task();
    long start = System.nanoTime();
    assertThat(timer.schedule(task, 100)).isTrue();

    assertThat(task.ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);
    Thread.sleep(100);
    assertThat(task.runs.get()).isEqualTo(1);
  }

  @Test
  void cancelledTaskShouldNotRunAndBeCleanedUp() throws Exception {
    Task cancelled = new Task();
    Task other = new Task();
    timer.schedule(cancelled, 50);
    timer.schedule(other, 100);

    assertThat(timer.cancel(cancelled)).isTrue();
    assertThat(cancelled.cleanedUp).isTrue();
    assertThat(timer.cancel(cancelled)).as("cancelled twice").isFalse();
    assertThat(other.ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelled.runs.get()).isZero();
  }

  @Test
  void repeatingTaskShouldRunUntilCancelled() throws Exception {
    Task task = new Task(3);
    timer.scheduleWithFixedDelay(task, 10, 20);

    assertThat(task.ran.await(5, TimeUnit.SECONDS)).isTrue();
    timer.cancel(task);
    int runs = task.runs.get();
    Thread.sleep(150);
    assertThat(task.runs.get()).as("no run after the cancel").isLessThanOrEqualTo(runs + 1);
  }

  @Test
  void failingTaskShouldNotStopTheOthers() throws Exception {
    SIPStackTimerTask failing = new SIPStackTimerTask() {
      @Override
      public void runTask() {
        throw new IllegalStateException("boom");
      }

      @Override
      public Object getThreadHash() {
        return null;
      }
    };
    Task after = new Task();
    timer.schedule(failing, 10);
    timer.schedule(after, 50);

    assertThat(after.ran.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void stoppedTimerShouldRefuseNewTasks() {
    timer.stop();

    assertThat(timer.isStarted()).isFalse();
    assertThatThrownBy(() -> timer.schedule(new Task(), 10)).isInstanceOf(IllegalStateException.class);
  }

  private static final class Task extends SIPStackTimerTask {
    final CountDownLatch ran;
    final AtomicInteger runs = new AtomicInteger();
    volatile boolean cleanedUp;

    Task() {
      this(1);
    }

    Task(int runsToWaitFor) {
      ran = new CountDownLatch(runsToWaitFor);
    }

    @Override
    public void runTask() {
      runs.incrementAndGet();
      ran.countDown();
    }

    @Override
    public void cleanUpBeforeCancel() {
      cleanedUp = true;
    }

    @Override
    public Object getThreadHash() {
      return null;
    }
  }
}

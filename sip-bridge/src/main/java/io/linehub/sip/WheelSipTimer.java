package io.linehub.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP stack's timers on a hashed wheel (Netty's): scheduling and cancelling cost the same
 * however many timers are armed. Every transaction arms several (retransmission, Timer B/F, Timer
 * J/K that keep finished transactions 32 s), so at hundreds of calls per second tens of thousands
 * are armed at once; the executor timer's heap re-sorted on every schedule and cancel. SIP timers
 * are 500 ms and longer (T1): the wheel's 10 ms tick is well inside their tolerance. Named by class
 * in the stack's properties, so the stack makes it with the no-argument constructor.
 */
public final class WheelSipTimer implements SipTimer {

  private static final Logger LOG = LoggerFactory.getLogger(WheelSipTimer.class);
  static final long TICK_MILLIS = 10;

  private volatile HashedWheelTimer wheel;

  @Override
  public void start(SipStackImpl stack, Properties properties) {
    HashedWheelTimer started = new HashedWheelTimer(new DefaultThreadFactory("sip-timer", true), TICK_MILLIS,
        TimeUnit.MILLISECONDS, 1024);
    started.start();
    wheel = started;
  }

  @Override
  public void stop() {
    HashedWheelTimer stopped = wheel;
    wheel = null;
    if (stopped != null) {
      stopped.stop();
    }
  }

  @Override
  public boolean isStarted() {
    return wheel != null;
  }

  @Override
  public boolean schedule(SIPStackTimerTask task, long delayMillis) {
    task.setSipTimerTask(running().newTimeout(timeout -> run(task), delayMillis, TimeUnit.MILLISECONDS));
    return true;
  }

  @Override
  public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delayMillis, long periodMillis) {
    Repeating repeating = new Repeating(task, periodMillis);
    task.setSipTimerTask(repeating);
    repeating.next(delayMillis);
    return true;
  }

  @Override
  public boolean cancel(SIPStackTimerTask task) {
    Object handle = task.getSipTimerTask();
    if (handle == null) {
      return false;
    }
    task.cleanUpBeforeCancel();
    task.setSipTimerTask(null);
    if (handle instanceof Repeating repeating) {
      return repeating.cancel();
    }
    return ((Timeout) handle).cancel();
  }

  private HashedWheelTimer running() {
    HashedWheelTimer current = wheel;
    if (current == null) {
      throw new IllegalStateException("The SIP stack's timer has been stopped, no new tasks can be scheduled");
    }
    return current;
  }

  /** Runs a stack task; a failing task must not stop the wheel's thread from running the others. */
  private static void run(SIPStackTimerTask task) {
    try {
      task.runTask();
    } catch (Throwable e) {
      LOG.error("SIP stack timer task {} failed", task.getClass().getName(), e);
    }
  }

  /** A task run every {@code period} after its first run, until cancelled. */
  private final class Repeating {
    private final SIPStackTimerTask task;
    private final long period;
    private volatile boolean cancelled;
    private volatile Timeout current;

    Repeating(SIPStackTimerTask task, long period) {
      this.task = task;
      this.period = period;
    }

    void next(long delayMillis) {
      HashedWheelTimer timer = wheel;
      if (cancelled || timer == null) {
        return;
      }
      current = timer.newTimeout(timeout -> {
        if (!cancelled) {
          run(task);
          next(period);
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    }

    boolean cancel() {
      cancelled = true;
      Timeout timeout = current;
      return timeout == null || timeout.cancel();
    }
  }
}

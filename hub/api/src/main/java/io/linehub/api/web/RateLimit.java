package io.linehub.api.web;

/**
 * A token bucket per connection: {@code perSecond} frames a second, bursts up to {@code burst}. A
 * client that keeps sending while refused is cut off ({@link #exhausted()}). Not thread-safe: one
 * per connection, used on its context.
 */
public final class RateLimit {

  private final int perSecond;
  private final int burst;
  private final int refusalsBeforeCutOff;
  private final java.util.function.LongSupplier nanos;
  private double tokens;
  private long last;
  private int refusedInARow;

  public RateLimit(int perSecond, int burst, int refusalsBeforeCutOff, java.util.function.LongSupplier nanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.refusalsBeforeCutOff = refusalsBeforeCutOff;
    this.nanos = nanos;
    this.tokens = burst;
    this.last = nanos.getAsLong();
  }

  /** People's chat connections: 20 frames a second, bursts of 60, cut off after 100 refusals in a row. */
  public static RateLimit standard() {
    return new RateLimit(20, 60, 100, System::nanoTime);
  }

  /** Takes one frame's token; false when the client is over its rate. */
  public boolean take() {
    long now = nanos.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      refusedInARow = 0;
      return true;
    }
    refusedInARow++;
    return false;
  }

  /** The client went on sending through {@code refusalsBeforeCutOff} refusals in a row. */
  public boolean exhausted() {
    return refusedInARow >= refusalsBeforeCutOff;
  }

  public int perSecond() {
    return perSecond;
  }
}

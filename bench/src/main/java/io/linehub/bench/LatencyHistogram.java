package io.linehub.bench;

/** Log-linear latency buckets (1 µs to ~70 s, about 3% resolution) with no allocation per sample. */
public final class LatencyHistogram {

  private static final int SUB = 32;
  private final long[] counts = new long[64 * SUB];
  private long total;

  public void record(long nanos) {
    long micros = Math.max(1, nanos / 1_000);
    int index;
    if (micros < SUB) {
      index = (int) micros;
    } else {
      int shift = 63 - Long.numberOfLeadingZeros(micros) - 5;
      index = (shift + 1) * SUB + (int) ((micros >> shift) & (SUB - 1));
    }
    counts[Math.min(index, counts.length - 1)]++;
    total++;
  }

  public double percentileMs(double percentile) {
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank && counts[i] > 0) {
        int group = i / SUB;
        long micros = group == 0 ? i : ((long) (SUB | (i % SUB))) << (group - 1);
        return micros / 1000.0;
      }
    }
    return 0;
  }
}

package io.rdmaspring.sample.producer;

import java.util.Arrays;

/** Round-trip times of one run, kept whole so percentiles are exact; one thread records. */
public final class LatencyRecorder
{
    private final long[] nanos;
    private int count;

    public LatencyRecorder(final int capacity)
    {
        this.nanos = new long[capacity];
    }

    public void record(final long elapsedNanos)
    {
        if (count == nanos.length)
        {
            throw new IllegalStateException("LatencyRecorder holds " + nanos.length + " values; size it for the run");
        }
        nanos[count++] = elapsedNanos;
    }

    public int count()
    {
        return count;
    }

    /**
     * The nearest-rank percentile in microseconds: the smallest recorded value that at least {@code percentile}
     * percent of the values do not exceed; 0 when nothing was recorded.
     */
    public double percentileMicros(final double percentile)
    {
        if (percentile <= 0 || percentile > 100)
        {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        if (count == 0)
        {
            return 0;
        }
        final long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        final int rank = (int)Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(rank, 1) - 1] / 1_000.0;
    }
}

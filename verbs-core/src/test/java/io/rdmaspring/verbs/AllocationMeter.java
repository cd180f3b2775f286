package io.rdmaspring.verbs;

import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

import com.sun.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts the heap bytes this thread allocates across many calls once the JIT has compiled them. A round can catch a
 * one-off runtime allocation (the JIT settling under emulation); an allocation per call shows in every round, so
 * the fewest bytes of a few rounds is what the calls themselves allocate.
 */
final class AllocationMeter
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 3;

    private AllocationMeter()
    {
    }

    /**
     * Runs {@code call} {@code calls} times to warm up, then in measured rounds of as many calls; each call must
     * return {@code expected}. Returns the fewest bytes a round allocated.
     */
    static long bytesAllocated(final int calls, final int expected, final IntSupplier call)
    {
        int mismatches = run(calls, expected, call);
        THREADS.getCurrentThreadAllocatedBytes();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && fewest > 0; round++)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            mismatches += run(calls, expected, call);
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(mismatches).as("calls that did not return %d", expected).isZero();
        return fewest;
    }

    private static int run(final int calls, final int expected, final IntSupplier call)
    {
        int mismatches = 0;
        for (int i = 0; i < calls; i++)
        {
            if (call.getAsInt() != expected)
            {
                mismatches++;
            }
        }
        return mismatches;
    }
}

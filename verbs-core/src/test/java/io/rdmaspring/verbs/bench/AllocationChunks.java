package io.rdmaspring.verbs.bench;

/**
 * Heap bytes a thread allocates over a measured loop, read at a few evenly spaced points inside it. A one-off
 * allocation (the JIT settling, a deoptimization re-creating scalar-replaced objects) lands in one chunk; an
 * allocation per message lands in every chunk. So the chunk with the fewest bytes gives the steady-state bytes per
 * message, and the whole loop the total. Nothing is allocated while marking.
 */
final class AllocationChunks
{
    private static final int CHUNKS = 4;

    private final long[] marks = new long[CHUNKS + 1];
    private final int messages;
    private int next;

    AllocationChunks(final int messages)
    {
        this.messages = messages;
    }

    /** Call before message {@code index} (0 to messages - 1) and once more with {@code messages} after the last. */
    void mark(final int index)
    {
        if (next <= CHUNKS && (long)index * CHUNKS >= (long)next * messages)
        {
            marks[next++] = BenchmarkSupport.allocatedBytes();
        }
    }

    /** Bytes per message in the chunk that allocated least. */
    double steadyBytesPerMessage()
    {
        long fewest = Long.MAX_VALUE;
        for (int chunk = 0; chunk < CHUNKS; chunk++)
        {
            fewest = Math.min(fewest, marks[chunk + 1] - marks[chunk]);
        }
        return (double)fewest * CHUNKS / messages;
    }

    /** Bytes per message over the whole loop. */
    double totalBytesPerMessage()
    {
        return (double)(marks[CHUNKS] - marks[0]) / messages;
    }
}

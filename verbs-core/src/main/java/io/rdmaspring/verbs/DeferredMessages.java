package io.rdmaspring.verbs;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The received messages of one {@link RdmaConnection} whose handler deferred them ({@link RdmaConnection#defer()}),
 * in a ring indexed by sequence number. The sender never has more than {@code receiveBuffers} unprocessed messages,
 * so a ring of at least that many cells never holds two of them in one cell.
 * <pre>
 *   cell value   meaning
 *   +s           message s was deferred and is not completed yet
 *   -s           message s is completed: deferred and then {@link #complete(long) completed}, or never deferred
 *                while earlier ones were outstanding
 * </pre>
 * {@link #complete(long)} may run on any thread; everything else runs on the polling thread.
 */
final class DeferredMessages
{
    private final AtomicLongArray cells;
    private final int[] slots;
    private final int mask;
    private int outstanding;

    DeferredMessages(final int receiveBuffers)
    {
        final int size = Integer.highestOneBit(Math.max(1, receiveBuffers - 1)) << 1;
        this.cells = new AtomicLongArray(size);
        this.slots = new int[size];
        this.mask = size - 1;
        Arrays.fill(slots, -1);
    }

    /** Deferred messages whose receive buffers have not been taken back: 0 on a connection that never defers. */
    int outstanding()
    {
        return outstanding;
    }

    /** Message {@code sequence}, held in receive buffer {@code slot}, is deferred. */
    void defer(final long sequence, final int slot)
    {
        final int cell = cell(sequence);
        slots[cell] = slot;
        cells.set(cell, sequence);
        outstanding++;
    }

    /** Message {@code sequence} was processed when its handler returned, while earlier ones are outstanding. */
    void completed(final long sequence)
    {
        cells.lazySet(cell(sequence), -sequence);
    }

    /** Completes deferred message {@code ticket}; false when it is not a deferred message awaiting completion. */
    boolean complete(final long ticket)
    {
        return ticket > 0 && cells.compareAndSet(cell(ticket), ticket, -ticket);
    }

    boolean isCompleted(final long sequence)
    {
        return cells.get(cell(sequence)) == -sequence;
    }

    /**
     * Forgets completed message {@code sequence}: returns the receive buffer slot to post again when it was deferred,
     * else -1.
     */
    int take(final long sequence)
    {
        final int cell = cell(sequence);
        final int slot = slots[cell];
        if (slot >= 0)
        {
            slots[cell] = -1;
            outstanding--;
        }
        return slot;
    }

    private int cell(final long sequence)
    {
        return (int)sequence & mask;
    }
}

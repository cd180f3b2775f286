package io.rdmaspring.verbs;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded many-to-many queue of non-negative ints (buffer slot numbers) that allocates nothing per operation:
 * Dmitry Vyukov's array queue, each cell carrying a sequence number that tells producers and consumers whose turn
 * it is. An offer can be refused, and a poll find nothing, for as long as another thread is stalled between claiming
 * a cell and handing it on, even when the queue is not full or empty: callers that know better retry.
 */
final class IndexQueue
{
    private final int mask;
    private final AtomicLongArray sequences;
    private final int[] values;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    IndexQueue(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.sequences = new AtomicLongArray(size);
        this.values = new int[size];
        for (int i = 0; i < size; i++)
        {
            sequences.set(i, i);
        }
    }

    /** Adds {@code value}; false when full. */
    boolean offer(final int value)
    {
        while (true)
        {
            final long position = tail.get();
            final int cell = (int)position & mask;
            final long difference = sequences.get(cell) - position;
            if (difference == 0)
            {
                if (tail.compareAndSet(position, position + 1))
                {
                    values[cell] = value;
                    sequences.lazySet(cell, position + 1);
                    return true;
                }
            }
            else if (difference < 0)
            {
                return false;
            }
        }
    }

    /** Removes and returns the oldest value, or -1 when empty. */
    int poll()
    {
        while (true)
        {
            final long position = head.get();
            final int cell = (int)position & mask;
            final long difference = sequences.get(cell) - (position + 1);
            if (difference == 0)
            {
                if (head.compareAndSet(position, position + 1))
                {
                    final int value = values[cell];
                    sequences.lazySet(cell, position + mask + 1);
                    return value;
                }
            }
            else if (difference < 0)
            {
                return -1;
            }
        }
    }

    int size()
    {
        return (int)Math.max(0, tail.get() - head.get());
    }
}

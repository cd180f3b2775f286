package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Fixed-size buffers carved out of one registered region, leased by slot number. Leasing and releasing allocate
 * nothing and take no lock, so any thread may do either. The region is sized from configuration and checked against
 * RLIMIT_MEMLOCK before it is registered.
 */
public final class BufferPool implements AutoCloseable
{
    private final MemoryRegion region;
    private final int bufferSize;
    private final int count;
    private final IndexQueue free;
    private final AtomicIntegerArray leased;

    private BufferPool(final MemoryRegion region, final int bufferSize, final int count)
    {
        this.region = region;
        this.bufferSize = bufferSize;
        this.count = count;
        this.free = new IndexQueue(count);
        this.leased = new AtomicIntegerArray(count);
        for (int slot = 0; slot < count; slot++)
        {
            free.offer(slot);
        }
    }

    /** Registers {@code count} buffers of {@code bufferSize} bytes on {@code pd}, LOCAL_WRITE only. */
    public static BufferPool allocate(final ProtectionDomain pd, final int bufferSize, final int count)
    {
        if (bufferSize <= 0 || count <= 0)
        {
            throw new IllegalArgumentException("A buffer pool needs a positive buffer size and count, not " + count
                + " x " + bufferSize + " bytes");
        }
        final long total = (long)bufferSize * count;
        if (total > Integer.MAX_VALUE - MemoryLimits.PAGE_SIZE)
        {
            throw new IllegalArgumentException(count + " buffers of " + bufferSize + " bytes (" + total
                + " bytes) exceed the 2 GiB one pool can hold; use fewer or smaller buffers");
        }
        return new BufferPool(pd.allocate((int)total, AccessFlags.LOCAL_WRITE), bufferSize, count);
    }

    /** A free slot, or -1 when all are leased. */
    public int acquire()
    {
        final int slot = free.poll();
        if (slot >= 0)
        {
            leased.set(slot, 1);
        }
        return slot;
    }

    /** Returns {@code slot} to the pool; throws if it is not leased. */
    public void release(final int slot)
    {
        if (!leased.compareAndSet(slot, 1, 0))
        {
            throw new IllegalStateException("Buffer slot " + slot + " released but not leased");
        }
        while (!free.offer(slot))
        {
            Thread.onSpinWait(); // the queue never holds more than count slots: a refusal is another thread mid-poll
        }
    }

    /** The whole registered memory; slot {@code n} starts at {@link #offset(int) offset(n)}. */
    public ByteBuffer buffer()
    {
        return region.buffer();
    }

    public int offset(final int slot)
    {
        return slot * bufferSize;
    }

    public long address(final int slot)
    {
        return region.address() + (long)slot * bufferSize;
    }

    public int lkey()
    {
        return region.lkey();
    }

    public int bufferSize()
    {
        return bufferSize;
    }

    public int count()
    {
        return count;
    }

    /** Slots not leased right now. */
    public int available()
    {
        return free.size();
    }

    public MemoryRegion region()
    {
        return region;
    }

    /** Deregisters the memory. Safe to call twice. */
    @Override
    public void close()
    {
        region.close();
    }
}

package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A protection domain ({@code struct ibv_pd}): memory regions and queue pairs in it may work together.
 */
public final class ProtectionDomain implements AutoCloseable
{
    private final VerbsContext context;
    private final Pointer pd;
    private final Resources children = new Resources();
    private volatile boolean closed;
    private boolean deallocated;

    ProtectionDomain(final VerbsContext context, final Pointer pd)
    {
        this.context = context;
        this.pd = pd;
    }

    public VerbsContext context()
    {
        return context;
    }

    /**
     * Allocates {@code size} bytes of page-aligned native memory and registers them with {@code access}
     * (see {@link AccessFlags}; send and receive buffers need only {@link AccessFlags#LOCAL_WRITE}).
     */
    public MemoryRegion allocate(final int size, final int access)
    {
        if (size <= 0)
        {
            throw new IllegalArgumentException("A memory region needs a positive size, not " + size);
        }
        final int page = (int)MemoryLimits.PAGE_SIZE;
        final long pages = MemoryLimits.pages(size);
        if (pages > Integer.MAX_VALUE - page)
        {
            throw new IllegalArgumentException(size + " bytes is more than one direct buffer can hold");
        }
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)pages + page).alignedSlice(page);
        return register(buffer.limit(size).slice(), access);
    }

    /** Registers all of the direct {@code buffer} (position 0 to capacity) with {@code access}. */
    public MemoryRegion register(final ByteBuffer buffer, final int access)
    {
        ensureOpen();
        if (!buffer.isDirect())
        {
            throw new IllegalArgumentException("Only direct buffers can be registered: the memory must not move");
        }
        final long length = buffer.capacity();
        MemoryLimits.checkCanPin(length);
        final Pointer address = Native.getDirectBufferPointer(buffer);
        final Pointer mr = Ibverbs.ibv_reg_mr(pd, address, length, access);
        if (mr == null)
        {
            final int errno = Errno.of(-1);
            if (errno == Errno.ENOMEM && MemoryLimits.memlockLimit() != Long.MAX_VALUE)
            {
                throw new MemlockLimitException(MemoryLimits.memlockLimit(), MemoryLimits.pinnedBytes(), length);
            }
            throw VerbsException.of("ibv_reg_mr", errno, "Registering " + length + " bytes with access "
                + AccessFlags.toString(access) + " on " + context.name() + " failed; the device allows regions up to "
                + context.attributes().maxMrSize() + " bytes and " + context.attributes().maxMr() + " regions.");
        }
        MemoryLimits.pinned(length);
        return children.add(new MemoryRegion(this, mr, buffer, access));
    }

    /**
     * Creates a reliable connected queue pair in this domain with {@code ibv_create_qp}, in the RESET state, sized by
     * {@code config} (checked against the device first). rdma_cm connections create theirs through rdma_cm instead.
     * It is closed with this domain or either completion queue unless closed first.
     */
    public QueuePair createQueuePair(
        final QueuePairConfig config, final CompletionQueue sendCq, final CompletionQueue recvCq)
    {
        ensureOpen();
        if (sendCq.context() != context)
        {
            throw new IllegalArgumentException(sendCq + " belongs to another device than this protection domain");
        }
        final Memory attr = QpInitAttributes.allocate(config, sendCq, recvCq);
        final Pointer qp = Ibverbs.ibv_create_qp(pd, attr);
        if (qp == null)
        {
            final DeviceAttributes device = context.attributes();
            throw VerbsException.of("ibv_create_qp", Errno.of(-1), "Asked " + context.name() + " for " + config
                + "; it allows " + device.maxQpWr() + " work requests and " + device.maxSge() + " entries per queue "
                + "and " + device.maxQp() + " queue pairs, and rejects inline data above its own limit: lower "
                + "maxInlineData.");
        }
        return new QueuePair(this, qp, sendCq, recvCq, config, () -> destroyQueuePair(qp));
    }

    /**
     * The memory regions registered in this domain and not closed yet, oldest first: what a peer could reach with a
     * key, so audits can check {@link MemoryRegion#access()}.
     */
    public List<MemoryRegion> memoryRegions()
    {
        return children.ofType(MemoryRegion.class);
    }

    /** How many memory regions and queue pairs in this domain are still open. */
    public int openChildren()
    {
        return children.size();
    }

    Pointer pointer()
    {
        return pd;
    }

    <T extends AutoCloseable> T adopt(final T child)
    {
        return children.add(child);
    }

    void closed(final AutoCloseable child)
    {
        children.remove(child);
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("The protection domain on " + context.name() + " is closed");
        }
        context.ensureOpen();
    }

    private static void destroyQueuePair(final Pointer qp)
    {
        final int rc = Ibverbs.ibv_destroy_qp(qp);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_destroy_qp", Errno.of(rc), "The kernel destroys it when the process exits.");
        }
    }

    /**
     * Closes its memory regions and queue pairs, then deallocates the domain. When a child cannot be destroyed, the
     * domain is not deallocated (the kernel would refuse with EBUSY) and that child's failure is thrown; it takes no
     * new children, and closing again retries. Safe to call twice.
     */
    @Override
    public synchronized void close()
    {
        if (deallocated)
        {
            return;
        }
        closed = true;
        children.closeAll();
        final int rc = Ibverbs.ibv_dealloc_pd(pd);
        if (rc != 0)
        {
            final int errno = Errno.of(rc);
            throw VerbsException.of("ibv_dealloc_pd", errno, (errno == Errno.EBUSY ? "The kernel still holds a queue "
                + "pair or memory region in it that this library does not know of (made outside it, or leaked)"
                : "The domain could not be deallocated") + "; it stays allocated until the process exits.");
        }
        deallocated = true;
        context.closed(this);
    }
}

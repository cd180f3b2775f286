package io.rdmaspring.verbs;

import java.nio.ByteBuffer;

import com.sun.jna.Pointer;

/**
 * Registered (pinned) memory ({@code struct ibv_mr}) over a direct buffer. The buffer stays reachable as long as the
 * region, so the memory cannot be freed under the device.
 */
public final class MemoryRegion implements AutoCloseable
{
    private final ProtectionDomain pd;
    private final Pointer mr;
    private final ByteBuffer buffer;
    private final long address;
    private final int access;
    private final int lkey;
    private final int rkey;
    private volatile boolean closed;

    MemoryRegion(final ProtectionDomain pd, final Pointer mr, final ByteBuffer buffer, final int access)
    {
        this.pd = pd;
        this.mr = mr;
        this.buffer = buffer;
        this.access = access;
        this.address = mr.getLong(MrDescriptor.ADDR_OFFSET);
        this.lkey = mr.getInt(MrDescriptor.LKEY_OFFSET);
        this.rkey = mr.getInt(MrDescriptor.RKEY_OFFSET);
    }

    /** The registered memory, position 0 to capacity. Callers should use duplicates or absolute access. */
    public ByteBuffer buffer()
    {
        return buffer;
    }

    /** The virtual address of the first registered byte. */
    public long address()
    {
        return address;
    }

    /** The registered length in bytes, as the kernel reports it. */
    public long length()
    {
        return mr.getLong(MrDescriptor.LENGTH_OFFSET);
    }

    /** The key local work requests use to name this memory. */
    public int lkey()
    {
        return lkey;
    }

    /** The key a peer would need for remote access; meaningless unless remote access was granted. */
    public int rkey()
    {
        return rkey;
    }

    /** The {@link AccessFlags} the region was registered with. */
    public int access()
    {
        return access;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Deregisters (unpins) the memory. When the kernel refuses, the region stays registered, pinned and counted in
     * its protection domain, which tries again when it closes. Safe to call twice.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        final int rc = Ibverbs.ibv_dereg_mr(mr);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_dereg_mr", Errno.of(rc), "Deregistering " + buffer.capacity() + " bytes on "
                + pd.context().name() + " failed; the region stays registered until its protection domain closes.");
        }
        closed = true;
        MemoryLimits.unpinned(buffer.capacity());
        pd.closed(this);
    }
}

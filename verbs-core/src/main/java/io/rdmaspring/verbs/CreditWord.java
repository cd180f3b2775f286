package io.rdmaspring.verbs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one piece of memory a connection registers with remote access: a 64-byte region whose first 8 bytes the peer
 * overwrites, by RDMA WRITE, with the count of this side's messages it has processed. The next 8 bytes stage the
 * count this side writes to the peer. REMOTE_WRITE is granted on this region only; buffers stay LOCAL_WRITE.
 * <pre>
 *   0                     8                      16                                   64
 *   +---------------------+----------------------+------------------------------------+
 *   | received (peer's    | outgoing (staged for | unused                             |
 *   | processed count)    | our RDMA WRITE)      |                                    |
 *   +---------------------+----------------------+------------------------------------+
 * </pre>
 */
final class CreditWord implements AutoCloseable
{
    static final int RECEIVED_OFFSET = 0;
    static final int OUTGOING_OFFSET = 8;
    static final int SIZE = 64;
    static final int ACCESS = AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_WRITE;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MemoryRegion region;

    CreditWord(final ProtectionDomain pd)
    {
        this.region = pd.allocate(SIZE, ACCESS);
        region.buffer().order(ByteOrder.nativeOrder());
    }

    /** The latest processed count the peer wrote. */
    long received()
    {
        return (long)LONGS.getVolatile(region.buffer(), RECEIVED_OFFSET);
    }

    void stageOutgoing(final long processed)
    {
        LONGS.setRelease(region.buffer(), OUTGOING_OFFSET, processed);
    }

    long incomingAddress()
    {
        return region.address() + RECEIVED_OFFSET;
    }

    long outgoingAddress()
    {
        return region.address() + OUTGOING_OFFSET;
    }

    int lkey()
    {
        return region.lkey();
    }

    int rkey()
    {
        return region.rkey();
    }

    int access()
    {
        return region.access();
    }

    @Override
    public void close()
    {
        region.close();
    }
}

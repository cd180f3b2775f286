package io.rdmaspring.verbs;

/**
 * Flyweight over the send work requests ({@code struct ibv_send_wr}, {@link SendWrDescriptor}) of one queue pair:
 * prepare requests 0..n-1 here, then post them with {@link QueuePair#postSend(int)}. Writing only stores into
 * native memory; nothing allocates.
 */
public final class SendWorkRequests extends WorkRequests
{
    /** A two-sided send: consumes one receive request at the peer. */
    @NativeConstant("IBV_WR_SEND")
    public static final int SEND = 2;
    /** A send that also carries 32 bits of immediate data into the peer's work completion. */
    @NativeConstant("IBV_WR_SEND_WITH_IMM")
    public static final int SEND_WITH_IMM = 3;

    /** A one-sided write into the peer's memory; needs REMOTE_WRITE access on the target region. */
    @NativeConstant("IBV_WR_RDMA_WRITE")
    public static final int RDMA_WRITE = 0;

    SendWorkRequests(final int capacity, final int maxEntries)
    {
        super(capacity, SendWrDescriptor.SIZE, maxEntries);
    }

    /** Prepares request {@code index} as a SEND of {@code length} bytes at {@code address}; {@link SendFlags}. */
    public SendWorkRequests send(
        final int index, final long wrId, final long address, final int length, final int lkey, final int flags)
    {
        final int offset = begin(index, wrId, address, length, lkey);
        memory.putInt(offset + SendWrDescriptor.OPCODE_OFFSET, SEND);
        memory.putInt(offset + SendWrDescriptor.SEND_FLAGS_OFFSET, flags);
        memory.putInt(offset + SendWrDescriptor.IMM_DATA_OFFSET, 0);
        return this;
    }

    /** Prepares request {@code index} as a SEND_WITH_IMM carrying {@code immediate} (host order). */
    public SendWorkRequests sendWithImmediate(final int index, final long wrId, final long address, final int length,
        final int lkey, final int flags, final int immediate)
    {
        final int offset = begin(index, wrId, address, length, lkey);
        memory.putInt(offset + SendWrDescriptor.OPCODE_OFFSET, SEND_WITH_IMM);
        memory.putInt(offset + SendWrDescriptor.SEND_FLAGS_OFFSET, flags);
        memory.putInt(offset + SendWrDescriptor.IMM_DATA_OFFSET, NativeMemory.networkOrder(immediate));
        return this;
    }

    /**
     * Prepares request {@code index} as an RDMA WRITE of {@code length} bytes at {@code address} to
     * {@code remoteAddress} in the peer's region with {@code rkey}.
     */
    public SendWorkRequests rdmaWrite(final int index, final long wrId, final long address, final int length,
        final int lkey, final int flags, final long remoteAddress, final int rkey)
    {
        final int offset = begin(index, wrId, address, length, lkey);
        memory.putInt(offset + SendWrDescriptor.OPCODE_OFFSET, RDMA_WRITE);
        memory.putInt(offset + SendWrDescriptor.SEND_FLAGS_OFFSET, flags);
        memory.putInt(offset + SendWrDescriptor.IMM_DATA_OFFSET, 0);
        memory.putLong(offset + SendWrDescriptor.RDMA_REMOTE_ADDR_OFFSET, remoteAddress);
        memory.putInt(offset + SendWrDescriptor.RDMA_RKEY_OFFSET, rkey);
        return this;
    }

    /** {@link #SEND}, {@link #SEND_WITH_IMM} or {@link #RDMA_WRITE}. */
    public int opcode(final int index)
    {
        return memory.getInt(offset(index) + SendWrDescriptor.OPCODE_OFFSET);
    }

    /** The {@link SendFlags} of request {@code index}. */
    public int flags(final int index)
    {
        return memory.getInt(offset(index) + SendWrDescriptor.SEND_FLAGS_OFFSET);
    }

    /** The immediate data of request {@code index}, host order. */
    public int immediate(final int index)
    {
        return NativeMemory.networkOrder(memory.getInt(offset(index) + SendWrDescriptor.IMM_DATA_OFFSET));
    }

    void addFlags(final int index, final int flags)
    {
        final int offset = offset(index) + SendWrDescriptor.SEND_FLAGS_OFFSET;
        memory.putInt(offset, memory.getInt(offset) | flags);
    }
}

package io.rdmaspring.verbs;

/**
 * Flyweight over the receive work requests ({@code struct ibv_recv_wr}, {@link RecvWrDescriptor}) of one queue pair:
 * prepare requests 0..n-1 here, then post them with {@link QueuePair#postReceive(int)}. Nothing allocates.
 */
public final class ReceiveWorkRequests extends WorkRequests
{
    ReceiveWorkRequests(final int capacity, final int maxEntries)
    {
        super(capacity, RecvWrDescriptor.SIZE, maxEntries);
    }

    /** Prepares request {@code index} to receive up to {@code length} bytes into {@code address}. */
    public ReceiveWorkRequests receive(
        final int index, final long wrId, final long address, final int length, final int lkey)
    {
        begin(index, wrId, address, length, lkey);
        return this;
    }
}

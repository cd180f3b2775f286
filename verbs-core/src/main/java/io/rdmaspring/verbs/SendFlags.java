package io.rdmaspring.verbs;

/**
 * Flags of a send work request ({@code enum ibv_send_flags}), combined with {@code |}.
 */
public final class SendFlags
{
    /** Start only after earlier RDMA reads and atomics on this queue pair completed. */
    @NativeConstant("IBV_SEND_FENCE")
    public static final int FENCE = 1;
    /** Produce a work completion on the send completion queue. Without it the request completes silently. */
    @NativeConstant("IBV_SEND_SIGNALED")
    public static final int SIGNALED = 1 << 1;
    /** Raise a solicited event at the receiver (see {@link CompletionQueue#requestNotification(boolean)}). */
    @NativeConstant("IBV_SEND_SOLICITED")
    public static final int SOLICITED = 1 << 2;
    /**
     * Copy the payload into the work request: the buffer may be reused as soon as the post returns and need not be
     * registered. Only up to {@link QueuePair#maxInlineData()} bytes.
     */
    @NativeConstant("IBV_SEND_INLINE")
    public static final int INLINE = 1 << 3;

    private SendFlags()
    {
    }
}

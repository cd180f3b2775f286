package io.rdmaspring.verbs;

/**
 * How to size an RC queue pair, with chainable setters; {@link #conclude(DeviceAttributes)} checks the values
 * against a device before the queue pair is created. Size the completion queues to match: a send queue signalling
 * every {@link #signalEvery()}th request and a full receive queue must fit in them.
 */
public final class QueuePairConfig
{
    public static final int DEFAULT_QUEUE_DEPTH = 128;

    private int sendQueueDepth = DEFAULT_QUEUE_DEPTH;
    private int receiveQueueDepth = DEFAULT_QUEUE_DEPTH;
    private int maxSendSge = 1;
    private int maxReceiveSge = 1;
    private int maxInlineData;
    private int signalEvery = 1;

    /** Send work requests that may be outstanding at once ({@code max_send_wr}). */
    public QueuePairConfig sendQueueDepth(final int depth)
    {
        this.sendQueueDepth = depth;
        return this;
    }

    public int sendQueueDepth()
    {
        return sendQueueDepth;
    }

    /** Receive work requests that may be posted at once ({@code max_recv_wr}). */
    public QueuePairConfig receiveQueueDepth(final int depth)
    {
        this.receiveQueueDepth = depth;
        return this;
    }

    public int receiveQueueDepth()
    {
        return receiveQueueDepth;
    }

    /** Scatter/gather entries per send request ({@code max_send_sge}); 1 unless messages gather several buffers. */
    public QueuePairConfig maxSendSge(final int entries)
    {
        this.maxSendSge = entries;
        return this;
    }

    public int maxSendSge()
    {
        return maxSendSge;
    }

    /** Scatter/gather entries per receive request ({@code max_recv_sge}). */
    public QueuePairConfig maxReceiveSge(final int entries)
    {
        this.maxReceiveSge = entries;
        return this;
    }

    public int maxReceiveSge()
    {
        return maxReceiveSge;
    }

    /**
     * The largest payload to send inline ({@code max_inline_data}), copied into the request instead of read by the
     * device; 0 for none. Devices report no limit beforehand: creation fails (EINVAL) above theirs, often 64-1024.
     */
    public QueuePairConfig maxInlineData(final int bytes)
    {
        this.maxInlineData = bytes;
        return this;
    }

    public int maxInlineData()
    {
        return maxInlineData;
    }

    /**
     * Ask for a completion on every {@code n}th send only (1: every send). Unsignaled sends free their send queue
     * slots when a later signaled one completes, so fewer completions are polled.
     */
    public QueuePairConfig signalEvery(final int n)
    {
        this.signalEvery = n;
        return this;
    }

    public int signalEvery()
    {
        return signalEvery;
    }

    /** Checks every value against {@code device}; throws {@link IllegalArgumentException} naming the first bad one. */
    public QueuePairConfig conclude(final DeviceAttributes device)
    {
        check("sendQueueDepth", sendQueueDepth, 1, device.maxQpWr(), "max_qp_wr of the device");
        check("receiveQueueDepth", receiveQueueDepth, 1, device.maxQpWr(), "max_qp_wr of the device");
        check("maxSendSge", maxSendSge, 1, device.maxSge(), "max_sge of the device");
        check("maxReceiveSge", maxReceiveSge, 1, device.maxSge(), "max_sge of the device");
        check("maxInlineData", maxInlineData, 0, Integer.MAX_VALUE, "");
        check("signalEvery", signalEvery, 1, sendQueueDepth, "sendQueueDepth, or the send queue fills up unsignaled");
        return this;
    }

    private static void check(final String name, final int value, final int min, final int max, final String limit)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " is " + value + " but must be at least " + min
                + (max == Integer.MAX_VALUE ? "" : " and at most " + max + " (" + limit + ")"));
        }
    }

    @Override
    public String toString()
    {
        return "QueuePairConfig[sendQueueDepth=" + sendQueueDepth + ", receiveQueueDepth=" + receiveQueueDepth
            + ", maxSendSge=" + maxSendSge + ", maxReceiveSge=" + maxReceiveSge + ", maxInlineData=" + maxInlineData
            + ", signalEvery=" + signalEvery + "]";
    }
}

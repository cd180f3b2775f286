package io.rdmaspring.verbs;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A reliable connected queue pair ({@code struct ibv_qp}) with its own preallocated work requests. Created in the
 * RESET state by {@link ProtectionDomain#createQueuePair} or by rdma_cm, which also connects it; closed with its
 * protection domain or either completion queue.
 * <p>
 * The post methods are the hot path: they write into native memory allocated once and call the provider; they
 * return 0 or an errno and never throw for a failure of the device ({@code EINVAL} before the queue pair is
 * connected, {@code ENOMEM} when the queue is full, {@code EBADF} once closed). One thread posts sends and one
 * thread posts receives; do not close while either posts.
 */
public final class QueuePair implements AutoCloseable
{
    private final ProtectionDomain pd;
    private final Pointer qp;
    private final long address;
    private final CompletionQueue sendCq;
    private final CompletionQueue recvCq;
    private final Runnable destroyer;
    private final FastPath fastPath;
    private final SendWorkRequests sendRequests;
    private final ReceiveWorkRequests receiveRequests;
    private final int qpNumber;
    private final int signalEvery;
    private final int sendQueueDepth;
    private final int receiveQueueDepth;
    private final int maxInlineData;
    private int unsignaledSends;
    private volatile boolean closed;

    /**
     * Wraps a queue pair created natively from {@code config} (see {@link QpInitAttributes}); {@code destroyer}
     * destroys it ({@code ibv_destroy_qp}, also for one made by rdma_cm) and throws if that fails. Reads the
     * capabilities the provider granted; destroys the queue pair if it cannot.
     */
    QueuePair(final ProtectionDomain pd, final Pointer qp, final CompletionQueue sendCq, final CompletionQueue recvCq,
        final QueuePairConfig config, final Runnable destroyer)
    {
        this.pd = pd;
        this.qp = qp;
        this.address = Pointer.nativeValue(qp);
        this.sendCq = sendCq;
        this.recvCq = recvCq;
        this.destroyer = destroyer;
        this.fastPath = pd.context().fastPath();
        this.sendRequests = new SendWorkRequests(config.sendQueueDepth(), config.maxSendSge());
        this.receiveRequests = new ReceiveWorkRequests(config.receiveQueueDepth(), config.maxReceiveSge());
        this.qpNumber = qp.getInt(QpDescriptor.QP_NUM_OFFSET);
        this.signalEvery = config.signalEvery();
        final Memory capabilities = new Memory(QpInitAttrDescriptor.SIZE);
        try
        {
            query(qp, QpAttrDescriptor.MASK_CAP, capabilities);
        }
        catch (final VerbsException ex)
        {
            destroyer.run();
            throw ex;
        }
        this.sendQueueDepth = capabilities.getInt(QpInitAttrDescriptor.CAP_MAX_SEND_WR_OFFSET);
        this.receiveQueueDepth = capabilities.getInt(QpInitAttrDescriptor.CAP_MAX_RECV_WR_OFFSET);
        this.maxInlineData = capabilities.getInt(QpInitAttrDescriptor.CAP_MAX_INLINE_DATA_OFFSET);
        pd.adopt(this);
        sendCq.adopt(this);
        if (recvCq != sendCq)
        {
            recvCq.adopt(this);
        }
    }

    /** The queue pair number the peer addresses. */
    public int qpNumber()
    {
        return qpNumber;
    }

    /** The largest payload {@link SendFlags#INLINE} may carry, as the provider granted it (at least the config's). */
    public int maxInlineData()
    {
        return maxInlineData;
    }

    /** Send requests that may be outstanding, as granted. */
    public int sendQueueDepth()
    {
        return sendQueueDepth;
    }

    /** Receive requests that may be posted, as granted. */
    public int receiveQueueDepth()
    {
        return receiveQueueDepth;
    }

    /** Asks the device for the current state. Not for the hot path. */
    public QueuePairState state()
    {
        ensureOpen();
        final Memory attr = query(qp, QpAttrDescriptor.MASK_STATE, new Memory(QpInitAttrDescriptor.SIZE));
        return QueuePairState.of(attr.getInt(QpAttrDescriptor.QP_STATE_OFFSET));
    }

    /**
     * Moves the queue pair to {@link QueuePairState#ERR}: the requests it still holds, and any posted later,
     * complete with {@link CompletionStatus#WR_FLUSH_ERR}, so their buffers can be taken back before closing. Any
     * state but RESET may go there.
     */
    public void moveToError()
    {
        ensureOpen();
        final Memory attr = new Memory(QpAttrDescriptor.SIZE);
        attr.clear();
        attr.setInt(QpAttrDescriptor.QP_STATE_OFFSET, QueuePairState.ERR.code());
        final int rc = Ibverbs.ibv_modify_qp(qp, attr, QpAttrDescriptor.MASK_STATE);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_modify_qp", Errno.of(rc), "The queue pair " + qpNumber + " on "
                + pd.context().name() + " refused to go to the error state; from RESET only INIT is allowed.");
        }
    }

    public ProtectionDomain protectionDomain()
    {
        return pd;
    }

    public CompletionQueue sendCompletionQueue()
    {
        return sendCq;
    }

    public CompletionQueue receiveCompletionQueue()
    {
        return recvCq;
    }

    /** The send requests {@link #postSend(int)} posts; the single-request post methods overwrite request 0. */
    public SendWorkRequests sendRequests()
    {
        return sendRequests;
    }

    /** The receive requests {@link #postReceive(int)} posts; {@link #postReceive(long, long, int, int)} uses 0. */
    public ReceiveWorkRequests receiveRequests()
    {
        return receiveRequests;
    }

    /** Posts one SEND of {@code length} bytes at {@code address} (registered with {@code lkey}); 0 or an errno. */
    public int postSend(final long wrId, final long address, final int length, final int lkey, final int flags)
    {
        sendRequests.send(0, wrId, address, length, lkey, flags);
        return postSend(1);
    }

    /** Posts one SEND_WITH_IMM carrying {@code immediate}; 0 or an errno. */
    public int postSendWithImmediate(final long wrId, final long address, final int length, final int lkey,
        final int flags, final int immediate)
    {
        sendRequests.sendWithImmediate(0, wrId, address, length, lkey, flags, immediate);
        return postSend(1);
    }

    /**
     * Posts send requests 0 to {@code count - 1} as prepared in {@link #sendRequests()}, in one call. The last one is
     * made {@link SendFlags#SIGNALED} when {@code signalEvery} says so.
     *
     * @return 0, an errno ({@link WorkRequests#failedIndex()} names the rejected request), or {@code EINVAL} for a
     *     count outside 1..capacity.
     */
    public int postSend(final int count)
    {
        final int refused = prepare(sendRequests, count);
        if (refused != 0)
        {
            return refused;
        }
        final int last = count - 1;
        final int unsignaled = unsignaledSends + count;
        if (unsignaled >= signalEvery)
        {
            sendRequests.addFlags(last, SendFlags.SIGNALED);
        }
        final int rc = fastPath.postSend(address, sendRequests.address(0), sendRequests.badRequestAddress());
        if (rc == 0)
        {
            unsignaledSends = (sendRequests.flags(last) & SendFlags.SIGNALED) != 0 ? 0 : unsignaled;
        }
        return errno(rc);
    }

    /** Posts one receive of up to {@code length} bytes into {@code address}; 0 or an errno. */
    public int postReceive(final long wrId, final long address, final int length, final int lkey)
    {
        receiveRequests.receive(0, wrId, address, length, lkey);
        return postReceive(1);
    }

    /** Posts receive requests 0 to {@code count - 1} as prepared in {@link #receiveRequests()}; 0 or an errno. */
    public int postReceive(final int count)
    {
        final int refused = prepare(receiveRequests, count);
        if (refused != 0)
        {
            return refused;
        }
        return errno(fastPath.postRecv(address, receiveRequests.address(0), receiveRequests.badRequestAddress()));
    }

    public boolean isClosed()
    {
        return closed;
    }

    Pointer pointer()
    {
        return qp;
    }

    /** Links the first {@code count} requests for one post; returns 0, or the code to refuse the post with. */
    private int prepare(final WorkRequests requests, final int count)
    {
        if (closed)
        {
            return Errno.EBADF;
        }
        if (count < 1 || count > requests.capacity())
        {
            return Errno.EINVAL;
        }
        requests.chain(count);
        requests.clearFailure();
        return 0;
    }

    /** Providers return a positive errno; a few return it negated. */
    private static int errno(final int rc)
    {
        return rc < 0 ? -rc : rc;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(this + " is closed");
        }
        pd.ensureOpen();
    }

    /**
     * Destroys the queue pair. Only once the kernel did is it counted closed in its protection domain and completion
     * queues: when the destroy fails it stays open there, so they cannot claim to be free of it, and closing them
     * tries again. Safe to call twice.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        destroyer.run();
        closed = true;
        pd.closed(this);
        sendCq.closed(this);
        recvCq.closed(this);
    }

    @Override
    public String toString()
    {
        return "QueuePair[" + qpNumber + " on " + pd.context().name() + "]";
    }

    /** {@code ibv_query_qp} for {@code mask}; fills {@code initAttr} (capabilities) and returns the attributes. */
    private static Memory query(final Pointer qp, final int mask, final Memory initAttr)
    {
        final Memory attr = new Memory(QpAttrDescriptor.SIZE);
        attr.clear();
        initAttr.clear();
        final int rc = Ibverbs.ibv_query_qp(qp, attr, mask, initAttr);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_query_qp", Errno.of(rc), "The queue pair "
                + qp.getInt(QpDescriptor.QP_NUM_OFFSET) + " could not report its state or capabilities.");
        }
        return attr;
    }
}

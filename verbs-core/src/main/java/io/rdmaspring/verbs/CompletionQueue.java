package io.rdmaspring.verbs;

import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * A completion queue ({@code struct ibv_cq}): where the finished work requests of its queue pairs are reported. Poll
 * it busily with {@link #poll(WorkCompletions)}, or arm it with {@link #requestNotification(boolean)} and wait on its
 * {@link CompletionChannel}. Created by {@link VerbsContext#createCompletionQueue(int, CompletionChannel)}; closing it
 * closes the queue pairs that use it first.
 * <p>
 * {@link #poll(WorkCompletions)} and {@link #requestNotification(boolean)} return codes and allocate nothing with the
 * FFM fast path. Do not close the queue while another thread polls it or waits for its events.
 */
public final class CompletionQueue implements AutoCloseable
{
    /** Events are acknowledged in batches: every {@code ibv_ack_cq_events} takes a mutex. */
    static final int ACK_BATCH = 16;

    private final VerbsContext context;
    private final Pointer cq;
    private final long address;
    private final @Nullable CompletionChannel channel;
    private final FastPath fastPath;
    private final int capacity;
    private final Resources queuePairs = new Resources();
    private int unacknowledgedEvents;
    private volatile boolean closed;

    CompletionQueue(final VerbsContext context, final Pointer cq, final @Nullable CompletionChannel channel,
        final FastPath fastPath)
    {
        this.context = context;
        this.cq = cq;
        this.address = Pointer.nativeValue(cq);
        this.channel = channel;
        this.fastPath = fastPath;
        this.capacity = cq.getInt(CqDescriptor.CQE_OFFSET);
    }

    public VerbsContext context()
    {
        return context;
    }

    /** The channel its events go to, or {@code null} when it can only be polled. */
    public @Nullable CompletionChannel channel()
    {
        return channel;
    }

    /** How many completions it holds: what was asked for or more, as the provider rounded it. */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Takes up to {@code completions.capacity()} completions, oldest first, without waiting.
     *
     * @return how many were written to {@code completions} (0 when there were none), or a negative value: the
     *     provider's error, or {@code -EBADF} (-9) when this queue is closed.
     */
    public int poll(final WorkCompletions completions)
    {
        if (closed)
        {
            return -Errno.EBADF;
        }
        return fastPath.pollCq(address, completions.capacity(), completions.address());
    }

    /**
     * Arms the queue once: its next completion ({@code solicitedOnly}: its next solicited or failed one) raises an
     * event on the {@link #channel()}. Poll after arming, since completions that came before do not raise one.
     *
     * @return 0, an errno from the provider, or {@code EBADF} when this queue is closed.
     */
    public int requestNotification(final boolean solicitedOnly)
    {
        if (closed)
        {
            return Errno.EBADF;
        }
        final int rc = fastPath.reqNotifyCq(address, solicitedOnly ? 1 : 0);
        return rc < 0 ? -rc : rc;
    }

    /** How many open queue pairs use this queue. */
    public int openChildren()
    {
        return queuePairs.size();
    }

    public boolean isClosed()
    {
        return closed;
    }

    Pointer pointer()
    {
        return cq;
    }

    long address()
    {
        return address;
    }

    <T extends AutoCloseable> T adopt(final T child)
    {
        return queuePairs.add(child);
    }

    void closed(final AutoCloseable child)
    {
        queuePairs.remove(child);
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("The completion queue on " + context.name() + " is closed");
        }
        context.ensureOpen();
    }

    /** Its channel delivered an event for it; all must be acknowledged before the queue is destroyed. */
    synchronized void eventReceived()
    {
        if (++unacknowledgedEvents >= ACK_BATCH)
        {
            acknowledgeEvents();
        }
    }

    private synchronized void acknowledgeEvents()
    {
        if (unacknowledgedEvents > 0)
        {
            Ibverbs.ibv_ack_cq_events(cq, unacknowledgedEvents);
            unacknowledgedEvents = 0;
        }
    }

    /**
     * Closes the queue pairs that use it, acknowledges its events and destroys it. When a queue pair or the queue
     * itself cannot be destroyed, it stays open and counted in its context (the kernel would refuse to destroy a queue
     * a queue pair still uses), and closing again retries. Safe to call twice.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        queuePairs.closeAll();
        acknowledgeEvents();
        final int rc = Ibverbs.ibv_destroy_cq(cq);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_destroy_cq", Errno.of(rc), "A queue pair created outside this library may "
                + "still use the queue; destroy it first. The queue stays open until its context closes.");
        }
        closed = true;
        if (channel != null)
        {
            channel.detach(this);
        }
        context.closed(this);
    }

    @Override
    public String toString()
    {
        return "CompletionQueue[" + context.name() + ", capacity " + capacity + "]";
    }
}

package io.rdmaspring.verbs;

import java.util.Arrays;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * A completion event channel ({@code struct ibv_comp_channel}): a file descriptor that becomes readable when one of
 * its armed {@link CompletionQueue}s gets a completion, so a thread can sleep instead of polling. Created by
 * {@link VerbsContext#createCompletionChannel()}; closing it closes its queues first.
 * <p>
 * The loop: arm ({@link CompletionQueue#requestNotification(boolean)}), poll once (completions that came before
 * arming raise no event), {@link #await(int)}, poll until empty, re-arm. One thread waits on a channel at a time;
 * waiting allocates nothing.
 */
public final class CompletionChannel implements AutoCloseable
{
    private static final CompletionQueue[] NONE = {};

    private final VerbsContext context;
    private final Pointer channel;
    private final int fd;
    private final Memory pollFd = new Memory(PollFdDescriptor.SIZE);
    private final Memory eventSlots = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer queueSlot = eventSlots.share(0);
    private final Pointer queueContextSlot = eventSlots.share(Native.POINTER_SIZE);
    private final Resources queues = new Resources();
    private volatile CompletionQueue[] attached = NONE;
    private volatile boolean closed;

    CompletionChannel(final VerbsContext context, final Pointer channel)
    {
        this.context = context;
        this.channel = channel;
        this.fd = channel.getInt(CompChannelDescriptor.FD_OFFSET);
        pollFd.clear();
        pollFd.setInt(PollFdDescriptor.FD_OFFSET, fd);
        pollFd.setShort(PollFdDescriptor.EVENTS_OFFSET, PollFdDescriptor.POLLIN);
    }

    public VerbsContext context()
    {
        return context;
    }

    /** The file descriptor, readable when an event is there; for an event loop of one's own (epoll). */
    public int fd()
    {
        return fd;
    }

    /**
     * Waits up to {@code timeoutMillis} (negative: without limit) for an event, takes it and returns the queue that
     * raised it, now disarmed: poll it until empty and re-arm it before waiting again.
     *
     * @return the queue, or {@code null} when the time passed or a signal interrupted the wait.
     */
    public @Nullable CompletionQueue await(final int timeoutMillis)
    {
        ensureOpen();
        pollFd.setShort(PollFdDescriptor.REVENTS_OFFSET, (short)0);
        final int ready = LibC.poll(pollFd, 1, timeoutMillis);
        if (ready == 0)
        {
            return null;
        }
        if (ready < 0)
        {
            return interrupted(Native.getLastError());
        }
        final short revents = pollFd.getShort(PollFdDescriptor.REVENTS_OFFSET);
        if ((revents & PollFdDescriptor.POLLIN) == 0)
        {
            throw new IllegalStateException("poll reported revents 0x" + Integer.toHexString(revents) + " for the "
                + "completion channel fd " + fd + " of " + context.name() + " instead of POLLIN");
        }
        if (Ibverbs.ibv_get_cq_event(channel, queueSlot, queueContextSlot) != 0)
        {
            throw VerbsException.of("ibv_get_cq_event", Errno.of(-1), "The completion channel of " + context.name()
                + " could not be read although poll said it was readable.");
        }
        return received();
    }

    /**
     * Takes one event without waiting, once {@link #makeNonBlocking()} made that possible: the queue that raised it,
     * now disarmed, or {@code null} when no event is there.
     */
    @Nullable CompletionQueue takeEvent()
    {
        ensureOpen();
        if (Ibverbs.ibv_get_cq_event(channel, queueSlot, queueContextSlot) != 0)
        {
            final int errno = Errno.of(-1);
            if (errno == Errno.EAGAIN || errno == Errno.EINTR)
            {
                return null;
            }
            throw VerbsException.of("ibv_get_cq_event", errno, "The completion channel fd " + fd + " of "
                + context.name() + " cannot be read.");
        }
        return received();
    }

    /** Makes reading the descriptor return at once when no event is there, for {@link #takeEvent()}. */
    void makeNonBlocking()
    {
        if (LibC.makeNonBlocking(fd) != 0)
        {
            throw VerbsException.of("fcntl", Errno.of(-1), "Could not make the completion channel fd " + fd + " of "
                + context.name() + " non-blocking.");
        }
    }

    /** Counts the event just read for its queue, to be acknowledged, and returns the queue. */
    private CompletionQueue received()
    {
        final long queueAddress = queueSlot.getLong(0);
        for (final CompletionQueue queue : attached)
        {
            if (queue.address() == queueAddress)
            {
                queue.eventReceived();
                return queue;
            }
        }
        throw new IllegalStateException("An event came for a completion queue that no longer uses this channel");
    }

    /** How many open completion queues report to this channel. */
    public int openChildren()
    {
        return queues.size();
    }

    public boolean isClosed()
    {
        return closed;
    }

    Pointer pointer()
    {
        return channel;
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("The completion channel on " + context.name() + " is closed");
        }
        context.ensureOpen();
    }

    synchronized void attach(final CompletionQueue queue)
    {
        queues.add(queue);
        final CompletionQueue[] grown = Arrays.copyOf(attached, attached.length + 1);
        grown[attached.length] = queue;
        attached = grown;
    }

    synchronized void detach(final CompletionQueue queue)
    {
        queues.remove(queue);
        attached = Arrays.stream(attached).filter(q -> q != queue).toArray(CompletionQueue[]::new);
    }

    private @Nullable CompletionQueue interrupted(final int errno)
    {
        if (errno != Errno.EINTR)
        {
            throw VerbsException.of("poll", errno, "The completion channel fd " + fd + " of " + context.name()
                + " cannot be waited on.");
        }
        return null;
    }

    /** Closes its completion queues, then destroys the channel. Safe to call twice. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            queues.closeAll();
        }
        finally
        {
            context.closed(this);
            final int rc = Ibverbs.ibv_destroy_comp_channel(channel);
            if (rc != 0)
            {
                throw VerbsException.of("ibv_destroy_comp_channel", Errno.of(rc), "A completion queue created "
                    + "outside this library may still use the channel; destroy it first.");
            }
        }
    }

    @Override
    public String toString()
    {
        return "CompletionChannel[" + context.name() + ", fd " + fd + "]";
    }
}

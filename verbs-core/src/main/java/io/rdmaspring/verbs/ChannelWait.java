package io.rdmaspring.verbs;

import com.sun.jna.Memory;

/**
 * Waits on a {@link CompletionChannel} and an eventfd together, so that any thread can cut a wait short with
 * {@link #wake()}. One thread waits; waiting allocates nothing.
 * <pre>
 *   pollfd 0: the channel's fd (POLLIN: events to take)    pollfd 1: the eventfd (POLLIN: woken)
 * </pre>
 */
final class ChannelWait implements AutoCloseable
{
    private static final int CHANNEL = 0;
    private static final int WAKE = PollFdDescriptor.SIZE;

    private final CompletionChannel channel;
    private final int wakeFd;
    private final Memory pollFds = new Memory(2L * PollFdDescriptor.SIZE);
    private final Memory one = new Memory(Long.BYTES);
    private final Memory counter = new Memory(Long.BYTES);
    private boolean closed;

    ChannelWait(final CompletionChannel channel)
    {
        channel.makeNonBlocking();
        this.channel = channel;
        this.wakeFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wakeFd < 0)
        {
            throw VerbsException.of("eventfd", Errno.of(-1), "The process may be out of file descriptors (ulimit -n).");
        }
        one.setLong(0, 1);
        pollFds.clear();
        pollFds.setInt(CHANNEL + PollFdDescriptor.FD_OFFSET, channel.fd());
        pollFds.setShort(CHANNEL + PollFdDescriptor.EVENTS_OFFSET, PollFdDescriptor.POLLIN);
        pollFds.setInt(WAKE + PollFdDescriptor.FD_OFFSET, wakeFd);
        pollFds.setShort(WAKE + PollFdDescriptor.EVENTS_OFFSET, PollFdDescriptor.POLLIN);
    }

    /**
     * Waits up to {@code timeoutMillis} until the channel has an event or {@link #wake()} was called (since the
     * last wait), and consumes the wake.
     *
     * @return whether the channel has events to take ({@link CompletionChannel#takeEvent()}).
     */
    boolean await(final int timeoutMillis)
    {
        pollFds.setShort(CHANNEL + PollFdDescriptor.REVENTS_OFFSET, (short)0);
        pollFds.setShort(WAKE + PollFdDescriptor.REVENTS_OFFSET, (short)0);
        final int ready = LibC.poll(pollFds, 2, timeoutMillis);
        if (ready < 0)
        {
            final int errno = Errno.of(-1);
            if (errno == Errno.EINTR)
            {
                return false;
            }
            throw VerbsException.of("poll", errno, "The completion channel fd " + channel.fd() + " of "
                + channel.context().name() + " and its wake-up eventfd cannot be waited on.");
        }
        if (pollFds.getShort(WAKE + PollFdDescriptor.REVENTS_OFFSET) != 0)
        {
            LibC.read(wakeFd, counter, Long.BYTES);
        }
        return pollFds.getShort(CHANNEL + PollFdDescriptor.REVENTS_OFFSET) != 0;
    }

    /** Ends the current or the next wait at once; any thread. */
    synchronized void wake()
    {
        if (!closed)
        {
            LibC.write(wakeFd, one, Long.BYTES);
        }
    }

    /** Closes the eventfd; a later {@link #wake()} does nothing. The channel stays open. Safe to call twice. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            LibC.close(wakeFd);
        }
    }
}

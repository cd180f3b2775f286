package io.rdmaspring.verbs;

import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * An rdma_cm event channel ({@code struct rdma_event_channel}): a file descriptor on
 * {@code /dev/infiniband/rdma_cm} from which events of the ids created on it are read. The descriptor is
 * non-blocking and reads wait with a timeout, so no caller can hang on it.
 */
final class CmEventChannel implements AutoCloseable
{
    static final Path DEVICE_FILE = Path.of("/dev/infiniband/rdma_cm");

    private final Pointer channel;
    private final Memory pollFd = new Memory(PollFdDescriptor.SIZE);
    private final Memory eventOut = new Memory(Long.BYTES);
    private boolean closed;

    private CmEventChannel(final Pointer channel)
    {
        this.channel = channel;
        final int fd = channel.getInt(0);
        pollFd.setInt(PollFdDescriptor.FD_OFFSET, fd);
        if (LibC.makeNonBlocking(fd) != 0)
        {
            final int errno = Errno.of(-1);
            Rdmacm.rdma_destroy_event_channel(channel);
            throw VerbsException.of("fcntl", errno, "Could not make the connection manager channel non-blocking.");
        }
    }

    static CmEventChannel create()
    {
        RdmaCm.ensureAvailability();
        final Pointer channel = Rdmacm.rdma_create_event_channel();
        if (channel == null)
        {
            final int errno = Errno.of(-1);
            if (errno == Errno.EACCES || errno == Errno.EPERM)
            {
                throw new DevicePermissionException("rdma_create_event_channel", errno, DEVICE_FILE);
            }
            throw VerbsException.of("rdma_create_event_channel", errno, "Could not open " + DEVICE_FILE
                + "; load the connection manager's user module: `modprobe rdma_ucm`.");
        }
        return new CmEventChannel(channel);
    }

    Pointer pointer()
    {
        return channel;
    }

    /** The next event, waiting at most {@code timeoutMillis}; null when none came. Acknowledged on return. */
    @Nullable CmEvent next(final int timeoutMillis)
    {
        pollFd.setShort(PollFdDescriptor.EVENTS_OFFSET, PollFdDescriptor.POLLIN);
        pollFd.setShort(PollFdDescriptor.REVENTS_OFFSET, (short)0);
        final int ready = LibC.poll(pollFd, 1, timeoutMillis);
        if (ready <= 0)
        {
            final int errno = ready < 0 ? Errno.of(-1) : 0;
            if (ready < 0 && errno != Errno.EINTR)
            {
                throw VerbsException.of("poll", errno, "Waiting for connection manager events failed.");
            }
            return null;
        }
        final int rc = Rdmacm.rdma_get_cm_event(channel, eventOut);
        if (rc != 0)
        {
            final int errno = Errno.of(rc);
            if (errno == Errno.EAGAIN || errno == Errno.EINTR)
            {
                return null; // librdmacm consumed the event itself (it may act on some internally)
            }
            throw VerbsException.of("rdma_get_cm_event", errno, "The connection manager channel failed.");
        }
        final Pointer event = eventOut.getPointer(0);
        try
        {
            return copy(event);
        }
        finally
        {
            Rdmacm.rdma_ack_cm_event(event);
        }
    }

    private static CmEvent copy(final Pointer event)
    {
        final Pointer data = event.getPointer(CmEventDescriptor.PRIVATE_DATA_OFFSET);
        final int length = Byte.toUnsignedInt(event.getByte(CmEventDescriptor.PRIVATE_DATA_LEN_OFFSET));
        return new CmEvent(
            CmEventType.of(event.getInt(CmEventDescriptor.EVENT_OFFSET)),
            event.getInt(CmEventDescriptor.STATUS_OFFSET),
            Pointer.nativeValue(event.getPointer(CmEventDescriptor.ID_OFFSET)),
            Pointer.nativeValue(event.getPointer(CmEventDescriptor.LISTEN_ID_OFFSET)),
            data == null || length == 0 ? new byte[0] : data.getByteArray(0, length));
    }

    /** Destroys the channel; every id created on it must be destroyed first. Safe to call twice. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            Rdmacm.rdma_destroy_event_channel(channel);
        }
    }
}

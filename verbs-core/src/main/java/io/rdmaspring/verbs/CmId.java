package io.rdmaspring.verbs;

import java.net.InetSocketAddress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An rdma_cm endpoint ({@code struct rdma_cm_id}) and the queue pair created on it. Closing it destroys the queue
 * pair, then the id.
 * <p>
 * Creating the queue pair, disconnecting and closing hold this object's monitor: the connection manager thread
 * disconnects when the peer does, while the owner's thread closes, and the kernel refuses ({@code EBUSY}) to destroy a
 * queue pair that a concurrent command (the queue pair's move to the error state inside {@code rdma_disconnect})
 * still holds; after a destroy, disconnecting would use freed memory.
 * <p>
 * While the port of its device is not ACTIVE, disconnecting and destroying wait: both send a connection manager
 * message (DREQ, or REJ for an unfinished connect), and on Soft-RoCE (Linux 6.1 seen) a message sent while the
 * netdev is down fails on the port's management queue pair, which then receives nothing, so no connection to or
 * from that device can be made again until the rxe device is re-created. The loop sends them once the port is
 * ACTIVE again, or when it closes.
 */
public final class CmId implements AutoCloseable
{
    private static final Logger LOGGER = LoggerFactory.getLogger(CmId.class);

    private final CmEventLoop loop;
    private final Pointer id;
    private @Nullable QueuePair queuePair;
    private volatile boolean closed;
    private boolean disconnectDeferred;
    private boolean destroyDeferred;

    CmId(final CmEventLoop loop, final Pointer id)
    {
        this.loop = loop;
        this.id = id;
    }

    /** Creates an id on {@code loop}'s channel. */
    static CmId create(final CmEventLoop loop)
    {
        final Memory out = new Memory(Long.BYTES);
        final int rc = Rdmacm.rdma_create_id(loop.channel().pointer(), out, Pointer.NULL, CmIdDescriptor.PS_TCP);
        if (rc != 0)
        {
            throw VerbsException.of("rdma_create_id", Errno.of(rc), "The process may be out of memory or descriptors.");
        }
        return new CmId(loop, out.getPointer(0));
    }

    /**
     * Creates the RC queue pair of this connection on {@code pd}, which must belong to the device rdma_cm resolved
     * the address to (see {@link VerbsContext#open(String)}).
     */
    public synchronized QueuePair createQueuePair(final ProtectionDomain pd, final QueuePairConfig config,
        final CompletionQueue sendCq, final CompletionQueue recvCq)
    {
        if (closed)
        {
            throw new IllegalStateException("The connection to " + remoteAddress() + " was closed while it was being "
                + "set up; no queue pair is created for it.");
        }
        final Pointer verbs = id.getPointer(CmIdDescriptor.VERBS_OFFSET);
        if (verbs == null || !verbs.equals(pd.context().pointer()))
        {
            throw new VerbsException("rdma_create_qp", Errno.EINVAL, "The connection to " + remoteAddress() + " runs on "
                + (verbs == null ? "no RDMA device" : "device " + Ibverbs.ibv_get_device_name(
                verbs.getPointer(ContextDescriptor.DEVICE_OFFSET))) + " but the protection domain belongs to "
                + pd.context().name() + ". Open the context of the device that serves this address.");
        }
        final Memory attr = QpInitAttributes.allocate(config, sendCq, recvCq);
        final int rc = Rdmacm.rdma_create_qp(id, pd.pointer(), attr);
        if (rc != 0)
        {
            throw VerbsException.of("rdma_create_qp", Errno.of(rc), "The device refused a queue pair of " + config
                + "; lower the queue depths or inline size.");
        }
        final Pointer qp = id.getPointer(CmIdDescriptor.QP_OFFSET);
        final QueuePair created = new QueuePair(pd, qp, sendCq, recvCq, config, () -> destroyQueuePair(qp));
        queuePair = created;
        return created;
    }

    /** The queue pair created on this id, or null. */
    public @Nullable QueuePair queuePair()
    {
        return queuePair;
    }

    public @Nullable InetSocketAddress localAddress()
    {
        return NativeSockaddr.read(id.share(CmIdDescriptor.SRC_ADDR_OFFSET));
    }

    public @Nullable InetSocketAddress remoteAddress()
    {
        return NativeSockaddr.read(id.share(CmIdDescriptor.DST_ADDR_OFFSET));
    }

    /** The local port this id is bound to. */
    public int localPort()
    {
        return Short.toUnsignedInt(Short.reverseBytes(Rdmacm.rdma_get_src_port(id)));
    }

    /** Whether an RDMA device is bound to this id (after address resolution or binding to a device's address). */
    boolean hasDevice()
    {
        return id.getPointer(CmIdDescriptor.VERBS_OFFSET) != null;
    }

    /**
     * Destroys the queue pair with {@code ibv_destroy_qp} rather than {@code rdma_destroy_qp}, which drops its result:
     * a queue pair the kernel kept would hold its completion queues and protection domain with nothing reporting
     * it. Detaches it from the id only once it is gone. Only the queue pair uses {@code qp}, so this also works after
     * the id itself was destroyed.
     */
    private synchronized void destroyQueuePair(final Pointer qp)
    {
        final int rc = Ibverbs.ibv_destroy_qp(qp);
        if (rc != 0)
        {
            final int errno = Errno.of(rc);
            throw VerbsException.of("ibv_destroy_qp", errno, "The queue pair of the connection to "
                + (closed ? "a closed peer" : remoteAddress()) + " is still open" + (errno == Errno.EBUSY
                ? " (another thread's command was using it)" : "") + "; it stays counted open in its protection "
                + "domain, and closing that domain or the completion queue destroys it.");
        }
        if (!closed)
        {
            id.setPointer(CmIdDescriptor.QP_OFFSET, Pointer.NULL);
        }
    }

    /**
     * Starts a disconnect; the peer sees DISCONNECTED and pending work requests are flushed. Safe to repeat. While
     * the port is not ACTIVE, only the flush happens now and the peer is told once it is (see the class comment).
     */
    public synchronized void disconnect()
    {
        if (closed || disconnectDeferred)
        {
            return;
        }
        final PortNotActiveException down = portNotActive();
        if (down == null)
        {
            Rdmacm.rdma_disconnect(id);
            return;
        }
        final QueuePair qp = queuePair;
        if (qp != null && !qp.isClosed())
        {
            try
            {
                qp.moveToError(); // what rdma_disconnect does first, so posted requests flush now all the same
            }
            catch (final VerbsException ex)
            {
                LOGGER.debug("Flushing the queue pair of the connection with {} failed", remoteAddress(), ex);
            }
        }
        disconnectDeferred = true;
        final boolean first = loop.deferUntilPortActive(this);
        log(first, "Disconnecting from " + remoteAddress() + " once the port is ACTIVE again, not now: "
            + down.getMessage());
    }

    /**
     * Why the port of this id's device cannot carry connection manager messages now, or null when it can (or no
     * device is bound, or the port cannot be queried: then nothing is held back).
     */
    @Nullable PortNotActiveException portNotActive()
    {
        final Pointer verbs = id.getPointer(CmIdDescriptor.VERBS_OFFSET);
        final int port = Byte.toUnsignedInt(id.getByte(CmIdDescriptor.PORT_NUM_OFFSET));
        if (verbs == null || port == 0)
        {
            return null;
        }
        final Memory attr = new Memory(PortAttrDescriptor.SIZE);
        attr.clear();
        if (Ibverbs.ibv_query_port(verbs, (byte)port, attr) != 0)
        {
            return null;
        }
        final PortState state = PortState.of(attr.getInt(PortAttrDescriptor.STATE_OFFSET));
        if (state == PortState.ACTIVE)
        {
            return null;
        }
        final Pointer device = verbs.getPointer(ContextDescriptor.DEVICE_OFFSET);
        return new PortNotActiveException(Ibverbs.ibv_get_device_name(device), port, state,
            VerbsContext.netdev(device.getString(DeviceDescriptor.IBDEV_PATH_OFFSET), port));
    }

    /**
     * On the loop's thread: sends the disconnect or destroys the id that waited for the port, once it is ACTIVE, or
     * at once when {@code force} (the loop closes).
     *
     * @return whether nothing waits any more.
     */
    synchronized boolean resumeDeferred(final boolean force)
    {
        if (!force && portNotActive() != null)
        {
            return false;
        }
        if (destroyDeferred)
        {
            destroyDeferred = false;
            final int rc = Rdmacm.rdma_destroy_id(id);
            if (rc != 0)
            {
                LOGGER.warn("The connection manager id of a closed connection could not be destroyed (errno {}); it "
                    + "goes when the process exits", Errno.of(rc));
            }
        }
        else if (disconnectDeferred && !closed)
        {
            Rdmacm.rdma_disconnect(id);
        }
        disconnectDeferred = false;
        return true;
    }

    Pointer pointer()
    {
        return id;
    }

    long address()
    {
        return Pointer.nativeValue(id);
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Destroys the queue pair, then the id, even when the queue pair could not be destroyed (it stays open and
     * counted in its protection domain, which retries when it closes); throws the first failure. Safe to call twice.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        loop.unregister(address());
        final QueuePair qp = queuePair;
        try
        {
            if (qp != null)
            {
                qp.close();
            }
        }
        finally
        {
            closed = true;
            destroyOrDefer();
        }
    }

    private void destroyOrDefer()
    {
        final PortNotActiveException down = portNotActive();
        if (down != null)
        {
            destroyDeferred = true;
            if (!disconnectDeferred)
            {
                final boolean first = loop.deferUntilPortActive(this);
                log(first, "Releasing the connection manager id of the connection with " + remoteAddress()
                    + " once the port is ACTIVE again, not now: " + down.getMessage());
            }
            disconnectDeferred = false;
            return;
        }
        disconnectDeferred = false;
        final int rc = Rdmacm.rdma_destroy_id(id);
        if (rc != 0)
        {
            throw VerbsException.of("rdma_destroy_id", Errno.of(rc), "The connection manager id of a closed "
                + "connection could not be destroyed; it goes when the process exits.");
        }
    }

    /** The first message held back while the port is down at WARN (with a count to come), the others at DEBUG. */
    private static void log(final boolean first, final String message)
    {
        if (first)
        {
            LOGGER.warn("{} (more held back until then are logged at DEBUG)", message);
        }
        else
        {
            LOGGER.debug(message);
        }
    }

    @Override
    public String toString()
    {
        return "CmId[" + localAddress() + " -> " + remoteAddress() + "]";
    }
}

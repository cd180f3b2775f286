package io.rdmaspring.verbs;

import java.net.InetSocketAddress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * An rdma_cm endpoint ({@code struct rdma_cm_id}) and the queue pair created on it. Closing it destroys the queue
 * pair, then the id.
 * <p>
 * Creating the queue pair, disconnecting and closing hold this object's monitor: the connection manager thread
 * disconnects when the peer does, while the owner's thread closes, and the kernel refuses ({@code EBUSY}) to destroy a
 * queue pair that a concurrent command (the queue pair's move to the error state inside {@code rdma_disconnect})
 * still holds; after a destroy, disconnecting would use freed memory.
 */
public final class CmId implements AutoCloseable
{
    private final CmEventLoop loop;
    private final Pointer id;
    private @Nullable QueuePair queuePair;
    private volatile boolean closed;

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

    /** Starts a disconnect; the peer sees DISCONNECTED and pending work requests are flushed. Safe to repeat. */
    public synchronized void disconnect()
    {
        if (!closed)
        {
            Rdmacm.rdma_disconnect(id);
        }
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
            final int rc = Rdmacm.rdma_destroy_id(id);
            if (rc != 0)
            {
                throw VerbsException.of("rdma_destroy_id", Errno.of(rc), "The connection manager id of a closed "
                    + "connection could not be destroyed; it goes when the process exits.");
            }
        }
    }

    @Override
    public String toString()
    {
        return "CmId[" + localAddress() + " -> " + remoteAddress() + "]";
    }
}

package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for RC connections on an address and port through rdma_cm, accepting each with a {@link ConnectionSetup}
 * from the supplier. Accepted connections are handed over through {@link ConnectionSetup#established}. A
 * {@link ConnectionSecurity} decides first whether a request may be accepted at all; refused ones are rejected with
 * a reason the client reads, logged at WARN, and cost no verbs resources.
 */
public final class RdmaAcceptor implements AutoCloseable
{
    private static final Logger LOGGER = LoggerFactory.getLogger(RdmaAcceptor.class);

    private final CmEventLoop loop;
    private final ConnectionGate gate;
    private final CmId listenId;
    private final Set<CmConnection> accepted = ConcurrentHashMap.newKeySet();
    private final InetSocketAddress localAddress;
    private volatile boolean closed;

    private RdmaAcceptor(final CmEventLoop loop, final CmId listenId, final InetSocketAddress localAddress,
        final long stepTimeoutNanos, final ConnectionGate gate, final Supplier<ConnectionSetup> connections)
    {
        this.loop = loop;
        this.gate = gate;
        this.listenId = listenId;
        this.localAddress = localAddress;
        loop.register(listenId.address(), new CmEventLoop.Handler()
        {
            @Override
            public void onEvent(final CmEvent event)
            {
                if (event.type() == CmEventType.CONNECT_REQUEST)
                {
                    accept(event, stepTimeoutNanos, connections);
                }
                else
                {
                    LOGGER.warn("The RDMA listener on {} got {} and does not act on it", RdmaAcceptor.this.localAddress,
                        event);
                }
            }

            @Override
            public void onTick(final long nowNanos)
            {
            }
        });
    }

    /**
     * Binds to {@code local} (port 0 picks a free one; the wildcard address listens on every RDMA device) and
     * listens.
     *
     * @param stepTimeout how long an accepted connection may take to become established
     */
    public static RdmaAcceptor listen(final InetSocketAddress local, final int backlog, final Duration stepTimeout,
        final Supplier<ConnectionSetup> connections)
    {
        return listen(local, backlog, stepTimeout, new ConnectionSecurity(), connections);
    }

    /**
     * Like {@link #listen(InetSocketAddress, int, Duration, Supplier)}, accepting only the requests {@code security}
     * lets through.
     */
    public static RdmaAcceptor listen(final InetSocketAddress local, final int backlog, final Duration stepTimeout,
        final ConnectionSecurity security, final Supplier<ConnectionSetup> connections)
    {
        final ConnectionGate gate = new ConnectionGate(security);
        final CmEventLoop loop = new CmEventLoop("rdma-cm-acceptor");
        CmId id = null;
        try
        {
            id = CmId.create(loop);
            int rc = Rdmacm.rdma_bind_addr(id.pointer(), NativeSockaddr.of(local));
            if (rc != 0)
            {
                final int errno = Errno.of(rc);
                throw VerbsException.of("rdma_bind_addr", errno, errno == Errno.EADDRINUSE ? "Port " + local.getPort()
                    + " is taken by another RDMA listener; choose another." : errno == Errno.EADDRNOTAVAIL
                    || errno == Errno.ENODEV ? "No RDMA device has the address " + local.getAddress().getHostAddress()
                    + "; listen on the address of an RDMA-capable interface or on 0.0.0.0." : "Check the address.");
            }
            if (!local.getAddress().isAnyLocalAddress() && !id.hasDevice())
            {
                throw new VerbsException("rdma_bind_addr", Errno.ENODEV, "No RDMA device serves "
                    + local.getAddress().getHostAddress() + ": listen on the address of an RDMA-capable interface "
                    + "(for Soft-RoCE, the netdev the rxe device is bound to), not 127.0.0.1, or on 0.0.0.0.");
            }
            rc = Rdmacm.rdma_listen(id.pointer(), backlog);
            if (rc != 0)
            {
                throw VerbsException.of("rdma_listen", Errno.of(rc), "Listening on " + local + " failed.");
            }
            final InetSocketAddress bound = new InetSocketAddress(local.getAddress(), id.localPort());
            return new RdmaAcceptor(loop, id, bound, stepTimeout.toNanos(), gate, connections);
        }
        catch (final RuntimeException ex)
        {
            if (id != null)
            {
                CmConnection.closeQuietly(id, ex);
            }
            loop.close();
            throw ex;
        }
    }

    private void accept(final CmEvent request, final long stepTimeoutNanos, final Supplier<ConnectionSetup> connections)
    {
        final CmId id = new CmId(loop, new com.sun.jna.Pointer(request.id()));
        final InetSocketAddress peer = id.remoteAddress();
        final @Nullable String refusal = gate.refusal(peer, request.privateData(), openConnections(),
            System.currentTimeMillis() / 1000);
        if (refusal != null)
        {
            LOGGER.warn("Rejected the RDMA connection from {} to {}: {}", peer, localAddress, refusal);
            CmConnection.reject(id, refusal);
            CmConnection.closeQuietly(id, null);
            return;
        }
        final CmConnection connection = new CmConnection(id, connections.get(),
            peer == null ? new InetSocketAddress(0) : peer, stepTimeoutNanos, CmConnection.Step.ACCEPTING);
        accepted.add(connection);
        connection.established().whenComplete((established, failure) ->
        {
            if (failure != null)
            {
                accepted.remove(connection);
            }
        });
        loop.register(id.address(), connection);
        connection.accept(request.privateData());
    }

    /** The address and port it listens on, with the port the kernel picked when 0 was asked for. */
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    /** How many accepted connections are not closed yet. */
    public int openConnections()
    {
        accepted.removeIf(connection -> connection.id().isClosed());
        return accepted.size();
    }

    /**
     * Stops listening and closes every accepted connection, then the thread and channel. A connection still being
     * accepted fails, so what its {@link ConnectionSetup#prepare} made is destroyed ({@link ConnectionSetup#failed});
     * an established one loses its id. Safe to call twice.
     *
     * @throws VerbsException when a resource could not be destroyed, after every other was.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CmConnection.closeAll(loop, listenId, accepted, "acceptor on " + localAddress);
    }
}

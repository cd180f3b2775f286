package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;

/**
 * Opens RC connections to peers addressed by host and port through rdma_cm. One connection manager thread serves all
 * connections of a connector; every step (address resolution, route resolution, connect) has a timeout, so no
 * connect attempt can hang.
 */
public final class RdmaConnector implements AutoCloseable
{
    private final CmEventLoop loop = new CmEventLoop("rdma-cm-connector");
    private final Set<CmConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Connects to {@code remote}. {@code setup} creates the queue pair once the route is known; the future completes
     * when the connection is established, or exceptionally with a {@link VerbsException} that says what went wrong.
     *
     * @param stepTimeout the most each connection manager step may take
     */
    public CompletableFuture<CmId> connect(final InetSocketAddress remote, final Duration stepTimeout,
        final ConnectionSetup setup)
    {
        if (remote.isUnresolved())
        {
            return CompletableFuture.failedFuture(new VerbsException("rdma_resolve_addr", Errno.EINVAL,
                "Cannot resolve host " + remote.getHostString() + "; use a resolvable name or an IP address."));
        }
        final CompletableFuture<CmId> result = new CompletableFuture<>();
        try
        {
            loop.execute(() -> start(remote, stepTimeout.toNanos(), setup, result));
        }
        catch (final IllegalStateException ex)
        {
            result.completeExceptionally(ex);
        }
        return result;
    }

    private void start(final InetSocketAddress remote, final long stepTimeoutNanos, final ConnectionSetup setup,
        final CompletableFuture<CmId> result)
    {
        final CmId id;
        try
        {
            id = CmId.create(loop);
        }
        catch (final VerbsException ex)
        {
            result.completeExceptionally(ex);
            return;
        }
        final CmConnection connection = new CmConnection(id, setup, remote, stepTimeoutNanos,
            CmConnection.Step.RESOLVING_ADDRESS);
        connections.add(connection);
        connection.established().whenComplete((established, failure) ->
        {
            if (failure != null)
            {
                connections.remove(connection);
                result.completeExceptionally(failure);
            }
            else
            {
                result.complete(established);
            }
        });
        loop.register(id.address(), connection);
        final Memory destination = NativeSockaddr.of(remote);
        final int rc = Rdmacm.rdma_resolve_addr(id.pointer(), null, destination, connection.stepTimeoutMillis());
        if (rc != 0)
        {
            connection.onEvent(new CmEvent(CmEventType.ADDR_ERROR, -Errno.of(rc), id.address(), 0, new byte[0]));
        }
    }

    /** How many connections this connector opened that are not closed yet. */
    public int openConnections()
    {
        connections.removeIf(connection -> connection.id().isClosed());
        return connections.size();
    }

    /**
     * Closes every connection it opened, then the connection manager thread and channel. A connect still in progress
     * fails, and what its {@link ConnectionSetup#prepare} made is destroyed ({@link ConnectionSetup#failed}); an
     * established connection loses its id. Safe to call twice.
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
        CmConnection.closeAll(loop, null, connections, "connector");
    }
}

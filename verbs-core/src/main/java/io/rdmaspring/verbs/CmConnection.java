package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection manager steps of one connection, on the loop thread: address and route resolution and connect on
 * the active side, accept on the passive side, each with a deadline, and every error event turned into a
 * {@link VerbsException} that says what to check.
 */
final class CmConnection implements CmEventLoop.Handler
{
    /** IB CM reject reason: nobody listens on the service (port). */
    static final int REJECT_INVALID_SERVICE_ID = 8;
    /** IB CM reject reason: the peer application rejected, private data says why. */
    static final int REJECT_CONSUMER_DEFINED = 28;
    /** RNR retries before an error; credit-based flow control means none should ever be needed. */
    static final byte RNR_RETRY_COUNT = 3;
    static final byte RETRY_COUNT = 7;
    /** The most private data a reject carries (IB CM REJ). */
    static final int MAX_REJECT_PRIVATE_DATA = 148;

    private static final Logger LOGGER = LoggerFactory.getLogger(CmConnection.class);

    enum Step
    {
        RESOLVING_ADDRESS("resolving the address"),
        RESOLVING_ROUTE("resolving the route"),
        CONNECTING("waiting for the peer to accept"),
        ACCEPTING("waiting for the connection to be established"),
        ESTABLISHED("established"),
        CLOSED("closed");

        final String description;

        Step(final String description)
        {
            this.description = description;
        }
    }

    private final CmId id;
    private final ConnectionSetup setup;
    private final InetSocketAddress peer;
    private final long stepTimeoutNanos;
    private final CompletableFuture<CmId> established = new CompletableFuture<>();
    private Step step;
    private long deadline;

    CmConnection(final CmId id, final ConnectionSetup setup, final InetSocketAddress peer, final long stepTimeoutNanos,
        final Step first)
    {
        this.id = id;
        this.setup = setup;
        this.peer = peer;
        this.stepTimeoutNanos = stepTimeoutNanos;
        enter(first);
    }

    CompletableFuture<CmId> established()
    {
        return established;
    }

    CmId id()
    {
        return id;
    }

    /**
     * Its connector or acceptor closes, on the loop thread: a connection still being set up fails, so its setup
     * destroys what it already made on the protection domain (an accepted one may be prepared and waiting for the
     * peer's confirmation); an established one belongs to its owner and only loses its id.
     *
     * @return what could not be destroyed, or null.
     */
    @Nullable RuntimeException abandon(final String closing)
    {
        if (step.compareTo(Step.ESTABLISHED) < 0)
        {
            final VerbsException cause = new VerbsException("rdma_cm", Errno.ECONNABORTED, "The " + closing
                + " closed while the connection with " + peer + " was " + step.description + ".");
            fail(cause);
            return cause.getSuppressed().length > 0 ? cause : null;
        }
        try
        {
            id.close();
            return null;
        }
        catch (final RuntimeException ex)
        {
            return ex;
        }
    }

    int stepTimeoutMillis()
    {
        return (int)Math.max(1, TimeUnit.NANOSECONDS.toMillis(stepTimeoutNanos));
    }

    /** Passive side: prepares the connection and accepts it. */
    void accept(final byte[] peerPrivateData)
    {
        if (portDown("Not accepting the connection from "))
        {
            return;
        }
        final byte[] privateData;
        try
        {
            privateData = setup.prepare(id, peerPrivateData);
        }
        catch (final RuntimeException ex)
        {
            reject(id, String.valueOf(ex.getMessage()));
            fail(ex instanceof VerbsException verbs ? verbs : new VerbsException("rdma_accept", 0,
                "Rejected the connection from " + peer + ": " + ex.getMessage(), ex));
            return;
        }
        final int rc = Rdmacm.rdma_accept(id.pointer(), connParam(privateData));
        if (rc != 0)
        {
            fail(VerbsException.of("rdma_accept", Errno.of(rc), "Accepting " + peer + " failed; it may have given up."));
        }
    }

    @Override
    public void onEvent(final CmEvent event)
    {
        switch (event.type())
        {
            case ADDR_RESOLVED -> resolveRoute();
            case ROUTE_RESOLVED -> connect();
            case ESTABLISHED -> establish(event);
            case DISCONNECTED, DEVICE_REMOVAL -> disconnected(event);
            case ADDR_ERROR, ROUTE_ERROR, CONNECT_ERROR, UNREACHABLE, REJECTED -> fail(error(event));
            default ->
            {
                if (LOGGER.isDebugEnabled())
                {
                    LOGGER.debug("{} to {}: ignoring {}", step, peer, event);
                }
            }
        }
    }

    @Override
    public void onTick(final long nowNanos)
    {
        if (step.compareTo(Step.ESTABLISHED) < 0 && nowNanos - deadline > 0)
        {
            fail(new VerbsException("rdma_cm", Errno.ETIMEDOUT, "Connection with " + peer + " timed out after "
                + stepTimeoutMillis() + " ms while " + step.description + ". Check that the peer is running and "
                + "listening on that address and port, that its RDMA port is ACTIVE, or raise the connect timeout."));
        }
    }

    private void resolveRoute()
    {
        enter(Step.RESOLVING_ROUTE);
        final int rc = Rdmacm.rdma_resolve_route(id.pointer(), stepTimeoutMillis());
        if (rc != 0)
        {
            fail(noDevice("rdma_resolve_route", Errno.of(rc)));
        }
    }

    private void connect()
    {
        if (portDown("Not requesting a connection to "))
        {
            return;
        }
        final byte[] privateData;
        try
        {
            privateData = setup.prepare(id, new byte[0]);
        }
        catch (final VerbsException ex)
        {
            fail(ex);
            return;
        }
        catch (final RuntimeException ex)
        {
            fail(new VerbsException("rdma_connect", 0, "Preparing the connection to " + peer + " failed: "
                + ex.getMessage(), ex));
            return;
        }
        enter(Step.CONNECTING);
        final int rc = Rdmacm.rdma_connect(id.pointer(), connParam(privateData));
        if (rc != 0)
        {
            fail(VerbsException.of("rdma_connect", Errno.of(rc), "Requesting a connection to " + peer + " failed."));
        }
    }

    /**
     * Fails the connection, sending nothing, when the port is not ACTIVE: a request or reply sent then may disable
     * the device's connection manager (see {@link CmId}).
     */
    private boolean portDown(final String what)
    {
        final PortNotActiveException down = id.portNotActive();
        if (down != null)
        {
            fail(new VerbsException("rdma_cm", Errno.ENETDOWN, what + peer + ": " + down.getMessage(), down));
        }
        return down != null;
    }

    private void establish(final CmEvent event)
    {
        enter(Step.ESTABLISHED);
        try
        {
            setup.established(id, event.privateData());
            established.complete(id);
        }
        catch (final RuntimeException ex)
        {
            id.disconnect();
            fail(ex instanceof VerbsException verbs ? verbs
                : new VerbsException("rdma_cm", 0, "Connection with " + peer + " failed: " + ex.getMessage(), ex));
        }
    }

    private void disconnected(final CmEvent event)
    {
        if (step == Step.ESTABLISHED)
        {
            enter(Step.CLOSED);
            setup.disconnected(id, event.type());
        }
        else if (step != Step.CLOSED)
        {
            fail(new VerbsException("rdma_cm", Errno.ECONNRESET, "Connection with " + peer + " ended (" + event.type()
                + ") while " + step.description + "."));
        }
    }

    private VerbsException error(final CmEvent event)
    {
        final int status = event.status();
        return switch (event.type())
        {
            case ADDR_ERROR -> noDevice("rdma_resolve_addr", -status);
            case ROUTE_ERROR -> noDevice("rdma_resolve_route", -status);
            case REJECTED -> new VerbsException("rdma_connect", Errno.ECONNREFUSED, peer + " rejected the connection"
                + (status == REJECT_INVALID_SERVICE_ID ? ": nothing listens on port " + peer.getPort() + " there. Start "
                + "the peer or fix the port." : status == REJECT_CONSUMER_DEFINED ? ": " + reason(event.privateData())
                : " (reject reason " + status + ")."));
            case UNREACHABLE -> new VerbsException("rdma_connect", Errno.EHOSTUNREACH, peer + " did not answer the "
                + "connection request (status " + status + "): the host is down, its RDMA port is not ACTIVE, or "
                + "the network between you does not carry RoCE.");
            default -> new VerbsException("rdma_connect", -status, "Connecting with " + peer + " failed: " + event.type()
                + " (status " + status + ").");
        };
    }

    private VerbsException noDevice(final String verb, final int errno)
    {
        return new VerbsException(verb, errno, verb + " failed for " + peer.getAddress().getHostAddress() + ": "
            + (errno > 0 ? Errno.describe(errno) : "status " + errno) + ". No RDMA device serves the route to this "
            + "address: use the IP address of an RDMA-capable interface (for Soft-RoCE, the netdev the rxe device is "
            + "bound to, e.g. `rdma link show`), not 127.0.0.1 or an address reached through a non-RDMA interface.");
    }

    private static String reason(final byte[] privateData)
    {
        int length = 0;
        while (length < privateData.length && privateData[length] != 0)
        {
            length++;
        }
        return length == 0 ? "the peer application refused it." : new String(privateData, 0, length,
            StandardCharsets.UTF_8);
    }

    private void fail(final VerbsException cause)
    {
        if (step == Step.CLOSED)
        {
            return;
        }
        enter(Step.CLOSED);
        try
        {
            setup.failed(id, cause);
        }
        catch (final RuntimeException ex)
        {
            cause.addSuppressed(ex);
        }
        finally
        {
            closeQuietly(id, cause);
            established.completeExceptionally(cause);
        }
    }

    private void enter(final Step next)
    {
        step = next;
        deadline = System.nanoTime() + stepTimeoutNanos;
    }

    private static Memory connParam(final byte[] privateData)
    {
        final Memory param = new Memory(ConnParamDescriptor.SIZE + Math.max(1, privateData.length));
        param.clear();
        if (privateData.length > 0)
        {
            param.write(ConnParamDescriptor.SIZE, privateData, 0, privateData.length);
            param.setPointer(ConnParamDescriptor.PRIVATE_DATA_OFFSET, param.share(ConnParamDescriptor.SIZE));
        }
        param.setByte(ConnParamDescriptor.PRIVATE_DATA_LEN_OFFSET, (byte)privateData.length);
        param.setByte(ConnParamDescriptor.RETRY_COUNT_OFFSET, RETRY_COUNT);
        param.setByte(ConnParamDescriptor.RNR_RETRY_COUNT_OFFSET, RNR_RETRY_COUNT);
        return param;
    }

    /** Rejects the connection request on {@code id}; the client reads {@code reason} (up to 148 UTF-8 bytes). */
    static void reject(final CmId id, final String reason)
    {
        final byte[] bytes = truncated(reason.getBytes(StandardCharsets.UTF_8), MAX_REJECT_PRIVATE_DATA);
        final Memory data = new Memory(Math.max(1, bytes.length));
        data.write(0, bytes, 0, bytes.length);
        Rdmacm.rdma_reject(id.pointer(), data, (byte)bytes.length);
    }

    private static byte[] truncated(final byte[] bytes, final int max)
    {
        return bytes.length <= max ? bytes : java.util.Arrays.copyOf(bytes, max);
    }

    /**
     * Closes {@code loop} once, on its thread, {@code listenId} (null for a connector) is closed and every connection
     * {@link #abandon abandoned}; throws what could not be destroyed, after everything else was. Called on the loop
     * thread itself, it cannot wait for that, and logs it instead.
     */
    static void closeAll(final CmEventLoop loop, final @Nullable CmId listenId,
        final Collection<CmConnection> connections, final String closing)
    {
        final boolean onLoop = loop.inLoop();
        final CompletableFuture<@Nullable RuntimeException> done = new CompletableFuture<>();
        loop.close(() ->
        {
            RuntimeException failure = null;
            if (listenId != null)
            {
                try
                {
                    listenId.close();
                }
                catch (final RuntimeException ex)
                {
                    failure = ex;
                }
            }
            for (final CmConnection connection : connections)
            {
                failure = Resources.merge(failure, connection.abandon(closing));
            }
            connections.clear();
            if (onLoop && failure != null)
            {
                LOGGER.error("Closing the {} left resources the kernel kept", closing, failure);
            }
            done.complete(failure);
        });
        final RuntimeException failure = done.getNow(null);
        if (failure != null)
        {
            throw failure;
        }
    }

    static void closeQuietly(final CmId id, final @Nullable Throwable failure)
    {
        try
        {
            id.close();
        }
        catch (final RuntimeException ex)
        {
            if (failure != null)
            {
                failure.addSuppressed(ex);
            }
        }
    }
}

package io.rdmaspring.boot.core;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

import io.rdmaspring.boot.frame.FrameDecoder;
import io.rdmaspring.boot.frame.FrameFlags;
import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.ConnectionPoller;
import io.rdmaspring.verbs.MessageHandler;
import io.rdmaspring.verbs.RdmaConnection;

/**
 * The sending side: one connection per peer, opened on first use and reopened after a failure, all polled by one
 * thread that completes replies and processed-acknowledgements. {@link RdmaTemplate} is its user-facing API.
 */
public final class RdmaClient implements AutoCloseable, RdmaConnectionStatistics
{
    /** Destinations whose peer is remembered; beyond, each message resolves its host again. */
    private static final int MAX_REMEMBERED_DESTINATIONS = 1024;

    private final RdmaResources resources;
    private final ConnectionConfig config;
    private final FrameLimits limits;
    private final FrameSender sender;
    private final RdmaMetrics metrics;
    private final Map<InetSocketAddress, OutboundConnection> peers = new ConcurrentHashMap<>();
    /**
     * The peers of destinations with an address literal sent to before: parsing it per message showed in profiles.
     * Host names are resolved per message, so a name that moves to another address is followed.
     */
    private final Map<RdmaDestination, OutboundConnection> byDestination = new ConcurrentHashMap<>();
    /**
     * The last of {@link #byDestination} used: routes hand out the same destination object each time, and a
     * comparison of references costs less than the lookup (a record's hash code over its fields).
     */
    private volatile @Nullable RememberedPeer lastPeer;
    private final AtomicLong correlationIds = new AtomicLong();
    private final ScheduledThreadPoolExecutor timeouts;
    private final ConnectionPoller poller;
    private volatile boolean running = true;

    /** @param polling how the polling thread waits, and how long a thread blocked in a request polls itself */
    public RdmaClient(final RdmaResources resources, final ConnectionConfig config, final FrameLimits limits,
        final RdmaMetrics metrics, final RdmaPolling polling)
    {
        this.resources = resources;
        this.poller = polling.start("rdma-client-poller", resources);
        this.config = config.completionChannel(poller.channel()).conclude();
        this.limits = limits;
        this.sender = new FrameSender(limits);
        this.metrics = metrics;
        this.timeouts = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "rdma-reply-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timeouts.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sends a one-way message and returns once it is posted.
     *
     * @param pending when not null, completed when the peer has processed the message or failed when it could not
     */
    public void send(final RdmaDestination destination, final Map<String, String> headers, final ByteBuffer payload,
        final @Nullable CompletableFuture<Void> pending, final long timeoutNanos)
    {
        final OutboundConnection peer = peer(destination);
        final long correlationId = correlationIds.incrementAndGet();
        final FrameHeader header = new FrameHeader(FrameFlags.NONE, correlationId, destination.name(), headers);
        final RdmaConnection connection = peer.connection();
        if (pending == null)
        {
            sender.send(connection, header, payload, timeoutNanos);
        }
        else
        {
            sendTracked(peer, connection, header, destination.name(), pending, timeoutNanos, payload, null);
        }
        metrics.sent(destination.name(), payload.remaining());
    }

    /** Sends a one-way message whose payload {@code writer} puts straight into registered memory. */
    public void sendDirect(final RdmaDestination destination, final Map<String, String> headers,
        final RdmaPayloadWriter writer, final @Nullable CompletableFuture<Void> pending, final long timeoutNanos)
    {
        final OutboundConnection peer = peer(destination);
        final long correlationId = correlationIds.incrementAndGet();
        final FrameHeader header = new FrameHeader(FrameFlags.NONE, correlationId, destination.name(), headers);
        final RdmaConnection connection = peer.connection();
        if (pending == null)
        {
            sender.sendDirect(connection, header, writer, timeoutNanos);
        }
        else
        {
            sendTracked(peer, connection, header, destination.name(), pending, timeoutNanos, null, writer);
        }
        metrics.sent(destination.name(), 0);
    }

    private void sendTracked(final OutboundConnection peer, final RdmaConnection connection, final FrameHeader header,
        final String name, final CompletableFuture<Void> pending, final long timeoutNanos,
        final @Nullable ByteBuffer payload, final @Nullable RdmaPayloadWriter writer)
    {
        final PendingSend tracked = new PendingSend(name, header.correlationId());
        tracked.future.whenComplete((ignored, cause) ->
        {
            if (cause == null)
            {
                pending.complete(null);
            }
            else
            {
                pending.completeExceptionally(cause);
            }
        });
        peer.expectOutcome(tracked);
        try
        {
            tracked.sequence = payload != null
                ? sender.send(connection, header, payload, timeoutNanos)
                : sender.sendDirect(connection, header, writer, timeoutNanos);
        }
        catch (final RuntimeException ex)
        {
            peer.untrack(tracked);
            throw ex;
        }
        peer.track(connection, tracked);
    }

    /** Sends a request; the future completes with the reply (payload copied) or fails after {@code timeout}. */
    public CompletableFuture<Message<byte[]>> request(final RdmaDestination destination,
        final Map<String, String> headers, final ByteBuffer payload, final Duration timeout)
    {
        final PendingReply reply = sendRequest(destination, headers, payload, timeout);
        final ScheduledFuture<?> timer =
            timeouts.schedule(() -> timedOut(reply, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((message, cause) -> timer.cancel(false));
        return reply;
    }

    /**
     * Sends a request whose reply the calling thread will wait for with {@link #awaitReply}, which keeps its time:
     * no timer is scheduled (a timer per request woke the timer thread for each one).
     */
    PendingReply sendRequest(final RdmaDestination destination, final Map<String, String> headers,
        final ByteBuffer payload, final Duration timeout)
    {
        final OutboundConnection peer = peer(destination);
        final long correlationId = correlationIds.incrementAndGet();
        final FrameHeader header = new FrameHeader(FrameFlags.REQUEST, correlationId, destination.name(), headers);
        final RdmaConnection connection = peer.connection();
        final PendingReply reply = new PendingReply(destination, System.nanoTime(), peer, correlationId, connection);
        peer.expectReply(correlationId, reply);
        try
        {
            sender.send(connection, header, payload, timeout.toNanos());
        }
        catch (final RuntimeException ex)
        {
            peer.forgetReply(correlationId);
            throw ex;
        }
        metrics.sent(destination.name(), payload.remaining());
        return reply;
    }

    /**
     * Waits in the calling thread for the reply to a request from {@link #sendRequest}, up to {@code timeout} after
     * it was sent. In event poll mode it first polls the request's connection itself for the spin time, so a prompt
     * reply costs no thread wake-up.
     *
     * @throws RdmaReplyTimeoutException when no reply came in time; a late reply is then ignored
     * @throws ExecutionException with the reason the request failed
     * @throws InterruptedException when interrupted while blocked; the reply is then no longer expected
     */
    Message<byte[]> awaitReply(final PendingReply reply, final Duration timeout)
        throws ExecutionException, InterruptedException
    {
        if (poller.pollUntil(reply.connection, reply))
        {
            return reply.get(); // done: no timed wait to set up
        }
        try
        {
            return reply.get(Math.max(0, reply.startNanos + timeout.toNanos() - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            timedOut(reply, timeout);
            return reply.get(); // the timeout, or a reply that came in between
        }
        catch (final InterruptedException ex)
        {
            reply.peer.forgetReply(reply.correlationId);
            throw ex;
        }
    }

    private void timedOut(final PendingReply reply, final Duration timeout)
    {
        if (reply.peer.forgetReply(reply.correlationId))
        {
            metrics.error(reply.destination.name(), "reply-timeout");
            reply.completeExceptionally(new RdmaReplyTimeoutException("No reply from " + reply.destination
                + " within " + timeout.toMillis() + " ms (rdma.reply-timeout, or the per-call timeout). The listener "
                + "there may be slow or stopped."));
        }
    }

    private OutboundConnection peer(final RdmaDestination destination)
    {
        if (!running)
        {
            throw new RdmaDeliveryException("The RDMA client is stopped (the application is shutting down); "
                + "nothing was sent to " + destination + ".");
        }
        final RememberedPeer last = lastPeer;
        if (last != null && last.destination == destination)
        {
            return last.peer;
        }
        final OutboundConnection known = byDestination.get(destination);
        if (known != null)
        {
            lastPeer = new RememberedPeer(destination, known);
            return known;
        }
        final InetSocketAddress address = new InetSocketAddress(destination.host(), destination.port());
        if (address.isUnresolved())
        {
            throw new RdmaDeliveryException("Cannot resolve host '" + destination.host() + "' of " + destination
                + ": use an address or a name this host resolves.");
        }
        final OutboundConnection peer = peers.computeIfAbsent(address,
            key -> new OutboundConnection(this, key, new FrameDecoder(limits)));
        if (byDestination.size() < MAX_REMEMBERED_DESTINATIONS && isAddressLiteral(destination.host()))
        {
            byDestination.put(destination, peer);
        }
        return peer;
    }

    private static boolean isAddressLiteral(final String host)
    {
        for (int i = 0; i < host.length(); i++)
        {
            final char c = host.charAt(i);
            if (c != '.' && c != ':' && Character.digit(c, 16) < 0)
            {
                return false;
            }
        }
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    CompletableFuture<RdmaConnection> connect(final InetSocketAddress peer, final MessageHandler handler)
    {
        return RdmaConnection.connect(resources.connector(), resources.protectionDomain(), peer, config, handler);
    }

    Duration connectTimeout()
    {
        return config.connectTimeout();
    }

    ConnectionPoller poller()
    {
        return poller;
    }

    RdmaMetrics metrics()
    {
        return metrics;
    }

    @Override
    public int openConnections()
    {
        int open = 0;
        for (final OutboundConnection peer : peers.values())
        {
            open += peer.isOpen() ? 1 : 0;
        }
        return open;
    }


    /** Closes every connection gracefully: each waits for the peer to process what was sent. */
    public void stop()
    {
        running = false;
        for (final OutboundConnection peer : peers.values())
        {
            final RdmaConnection connection = peer.current();
            if (connection != null)
            {
                connection.close();
            }
        }
        peers.clear();
        byDestination.clear();
        lastPeer = null;
    }

    /** False once closing began. */
    public boolean isRunning()
    {
        return running;
    }


    /**
     * Stops, then ends the polling thread. The application context calls it when it destroys this bean: after the
     * listener containers have stopped, before the device closes.
     */
    @Override
    public void close()
    {
        stop();
        poller.close();
        timeouts.shutdownNow();
    }

    /** A destination whose peer is in {@link #byDestination}. */
    private record RememberedPeer(RdmaDestination destination, OutboundConnection peer)
    {
    }

    @Override
    public String toString()
    {
        return "RdmaClient[" + resources.deviceName() + ", " + peers.size() + " peers]";
    }
}

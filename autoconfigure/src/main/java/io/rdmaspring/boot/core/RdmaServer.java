package io.rdmaspring.boot.core;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.rdmaspring.boot.frame.FrameDecoder;
import io.rdmaspring.boot.frame.FrameDecodingException;
import io.rdmaspring.boot.frame.FrameFlags;
import io.rdmaspring.boot.frame.FrameHandler;
import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.boot.frame.RejectedFrame;
import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.ConnectionPoller;
import io.rdmaspring.verbs.ConnectionState;
import io.rdmaspring.verbs.MessageHandler;
import io.rdmaspring.verbs.RdmaAcceptor;
import io.rdmaspring.verbs.RdmaConnection;

/**
 * The receiving side: accepts connections on the listener address once a destination is registered, decodes each
 * frame on one polling thread and hands it to the listener registered for its destination. Frames for a destination
 * nobody serves, and frames that do not decode but whose correlation id is readable, are answered with an error
 * reply and count as processed; a frame that cannot be answered fails its connection. Each rejection is logged at
 * WARN with the peer and the defect. While listening it keeps the JVM alive, as a web server does.
 */
public final class RdmaServer implements AutoCloseable, RdmaConnectionStatistics, MessageHandler
{
    private static final Log logger = LogFactory.getLog(RdmaServer.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final RdmaResources resources;
    private final ConnectionConfig config;
    private final InetSocketAddress listenAddress;
    private final FrameDecoder decoder;
    /** {@link #onFrame}, made once: a method reference per message allocated. */
    private final FrameHandler frames = this::onFrame;
    private final FrameSender sender;
    private final RdmaMetrics metrics;
    private final long replyTimeoutNanos;
    private final Map<String, RdmaInboundListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, String> stopped = new ConcurrentHashMap<>();
    /** Open connections, each with its peer's host:port (built once: per frame it showed in profiles). */
    private final Map<RdmaConnection, String> connections = new ConcurrentHashMap<>();
    private final ConnectionPoller poller;
    private final ExecutorService backlog;
    private @Nullable RdmaAcceptor acceptor;
    private @Nullable Thread keepAlive;
    private @Nullable RdmaConnection current;
    private volatile boolean running = true;

    public RdmaServer(final RdmaResources resources, final ConnectionConfig config,
        final InetSocketAddress listenAddress, final FrameLimits limits, final RdmaMetrics metrics,
        final java.time.Duration replyTimeout, final RdmaPolling polling)
    {
        this.resources = resources;
        this.poller = polling.start("rdma-server-poller", resources);
        this.config = config.completionChannel(poller.channel()).conclude();
        this.listenAddress = listenAddress;
        this.decoder = new FrameDecoder(limits);
        this.sender = new FrameSender(limits);
        this.metrics = metrics;
        this.replyTimeoutNanos = replyTimeout.toNanos();
        this.backlog = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "rdma-server-replies");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Serves {@code destination} with {@code listener}, listening first if this is the first destination. */
    public synchronized void register(final String destination, final RdmaInboundListener listener)
    {
        if (listeners.putIfAbsent(destination, listener) != null)
        {
            throw new IllegalStateException("Destination '" + destination + "' already has a running listener; "
                + "each destination is served by one @RdmaListener endpoint.");
        }
        stopped.remove(destination);
        listen();
    }

    /** Stops serving {@code destination}; its senders are told the listener {@code listenerId} is stopped. */
    public void unregister(final String destination, final String listenerId)
    {
        stopped.put(destination, listenerId);
        listeners.remove(destination);
    }

    private void listen()
    {
        if (acceptor != null)
        {
            return;
        }
        acceptor = RdmaConnection.listen(resources.protectionDomain(), listenAddress, config, this, accepted ->
        {
            connections.put(accepted, peerText(accepted));
            poller.add(accepted);
            logger.info("Accepted a connection from " + accepted.peer());
        });
        logger.info("Listening for RDMA connections on " + acceptor.localAddress());
        // Like a web server, a listening service keeps the JVM alive until the application stops.
        final Thread holder = new Thread(() ->
        {
            try
            {
                Thread.sleep(Long.MAX_VALUE);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "rdma-server-keep-alive");
        holder.setDaemon(false);
        holder.start();
        keepAlive = holder;
    }

    /** Where this server accepts connections, or null before the first destination is registered. */
    public @Nullable InetSocketAddress localAddress()
    {
        final RdmaAcceptor listening = acceptor;
        return listening == null ? null : listening.localAddress();
    }

    @Override
    public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset, final int length)
    {
        current = connection;
        try
        {
            decoder.decode(buffer, offset, length, frames);
        }
        catch (final FrameDecodingException ex)
        {
            reject(connection, length, ex);
        }
        finally
        {
            current = null;
        }
    }

    /**
     * Reports a frame that does not decode. With a readable preamble the sender gets an error reply under the frame's
     * correlation id, and the frame counts as processed. Without one (too short, not this protocol, or a broken
     * reply, which is never answered) nothing can reach the sender, so rethrowing fails the connection before the
     * frame is acknowledged: the sender's unconfirmed messages then fail instead of counting as processed.
     */
    private void reject(final RdmaConnection connection, final int length, final FrameDecodingException ex)
    {
        metrics.error("", "decode");
        final RejectedFrame rejected = ex.rejectedFrame();
        if (rejected == null || rejected.claimsReply())
        {
            logger.warn("Rejected a frame of " + length + " bytes from " + connection.peer() + " and closed the "
                + "connection: " + ex.getMessage() + ". " + (rejected == null
                ? "The frame is too short or not of this protocol, so it cannot be answered."
                : "It claims to be a reply, which is never answered.")
                + " The sender's unconfirmed messages fail; check that it runs a compatible version.");
            throw ex;
        }
        if (refuseIfClosing(connection, "that does not decode (" + ex.getMessage() + ")"))
        {
            return;
        }
        logger.warn("Rejected a frame of " + length + " bytes from " + connection.peer() + " (correlation id "
            + rejected.correlationId() + ", destination '" + rejected.destination() + "') and told the sender: "
            + ex.getMessage());
        final FrameHeader header =
            new FrameHeader(FrameFlags.NONE, rejected.correlationId(), rejected.destination(), Map.of());
        new RdmaInboundFrame(this, connection, header, EMPTY, peer(connection)).replyError(
            FrameDecodingException.class.getName(), ex.getMessage() + ". Nothing was processed; the sender's encoder "
            + "and this receiver must agree on the frame version and on rdma.max-message-size and rdma.frame.*.");
    }

    private void onFrame(final FrameHeader header, final ByteBuffer payload)
    {
        final RdmaConnection connection = current;
        final String destination = header.destination();
        final RdmaInboundFrame frame = new RdmaInboundFrame(this, connection, header, payload, peer(connection));
        metrics.received(destination, payload.remaining());
        if (header.isReply() || header.isErrorReply())
        {
            logger.warn("Ignored a reply frame from " + connection.peer() + ": this side sent it no request.");
            return;
        }
        final RdmaInboundListener listener = listeners.get(destination);
        if (listener == null)
        {
            metrics.error(destination, "unknown-destination");
            if (!refuseIfClosing(connection, "for '" + destination + "' (no listener serves it now)"))
            {
                frame.replyError(UnknownDestinationException.class.getName(), unknownDestination(destination));
            }
            return;
        }
        listener.onFrame(frame);
    }

    /**
     * A closing connection sends nothing new, so an error reply cannot tell the sender that its frame was not
     * processed: refuse the frame and every later one instead, which leaves them out of the final processed count,
     * so their sends fail. True when it refused.
     */
    private static boolean refuseIfClosing(final RdmaConnection connection, final String frame)
    {
        if (connection.state() != ConnectionState.CLOSING)
        {
            return false;
        }
        connection.refuseFromHere();
        logger.info("Closing the connection from " + connection.peer() + ": refused a frame " + frame + " and every "
            + "frame after it; they are not processed, and their senders see them fail");
        return true;
    }

    private String unknownDestination(final String destination)
    {
        final String stoppedBy = stopped.get(destination);
        final InetSocketAddress local = localAddress();
        if (stoppedBy != null)
        {
            return "The listener '" + stoppedBy + "' for destination '" + destination + "' at " + local
                + " is stopped; nothing was processed. Start it again through the RdmaListenerEndpointRegistry.";
        }
        return "No listener for destination '" + destination + "' at " + local + "; it serves "
            + new TreeSet<>(listeners.keySet()) + ". Check the destination name or the route that led here.";
    }

    void reply(final RdmaInboundFrame to, final RdmaConnection connection, final Map<String, String> headers,
        final ByteBuffer payload, final boolean error)
    {
        final FrameHeader header = new FrameHeader(error ? FrameFlags.ERROR_REPLY : FrameFlags.REPLY,
            to.header().correlationId(), to.header().destination(), headers);
        if (connection.state() != ConnectionState.OPEN)
        {
            logger.warn("Could not reply to " + to.peer() + " about '" + header.destination() + "': the connection "
                + "is " + connection.state());
            return;
        }
        if (!poller.isPollerThread())
        {
            sendReply(connection, header, payload);
            return;
        }
        try
        {
            sender.send(connection, header, payload, 0);
        }
        catch (final RdmaBackPressureException ex)
        {
            // Credits come back only through this thread's polls: let another thread wait for them, and hold the
            // request unprocessed until then, so its acknowledgement cannot overtake the reply.
            final ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            to.defer();
            backlog.execute(() ->
            {
                try
                {
                    sendReply(connection, header, copy);
                }
                finally
                {
                    to.complete();
                }
            });
        }
        catch (final RdmaDeliveryException ex)
        {
            logger.warn("Could not reply to " + to.peer() + ": " + ex.getMessage());
            if (!error && connection.state() == ConnectionState.OPEN)
            {
                replyError(to, connection, ex.getClass().getName(), "The reply could not be sent: " + ex.getMessage());
            }
        }
    }

    private void sendReply(final RdmaConnection connection, final FrameHeader header, final ByteBuffer payload)
    {
        try
        {
            sender.send(connection, header, payload, replyTimeoutNanos);
        }
        catch (final RdmaDeliveryException ex)
        {
            logger.warn("Could not reply to " + connection.peer() + " about '" + header.destination() + "': "
                + ex.getMessage());
        }
    }

    void replyError(final RdmaInboundFrame to, final RdmaConnection connection, final String exceptionType,
        final String message)
    {
        reply(to, connection, Map.of(RdmaHeaders.EXCEPTION_TYPE, exceptionType),
            ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
    }

    private String peer(final RdmaConnection connection)
    {
        final String known = connections.get(connection);
        return known != null ? known : peerText(connection);
    }

    private static String peerText(final RdmaConnection connection)
    {
        final InetSocketAddress peer = connection.peer();
        return peer.getHostString() + ":" + peer.getPort();
    }

    @Override
    public void onClosed(final RdmaConnection connection, final @Nullable Throwable cause, final long acknowledged)
    {
        connections.remove(connection);
        if (cause != null)
        {
            logger.info("Connection from " + connection.peer() + " ended: " + cause.getMessage());
        }
    }

    @Override
    public int openConnections()
    {
        int open = 0;
        for (final RdmaConnection connection : connections.keySet())
        {
            open += connection.state() == ConnectionState.OPEN ? 1 : 0;
        }
        return open;
    }


    /**
     * Closes every connection gracefully (each waits until its replies were processed and tells its peer the final
     * processed count), then stops listening. In that order because closing the acceptor destroys the connections it
     * accepted that are still open: closed first, it cut them off before their final counts were sent, so their
     * peers' last messages ended in doubt although they had been processed.
     */
    public synchronized void stop()
    {
        running = false;
        final Thread holder = keepAlive;
        keepAlive = null;
        if (holder != null)
        {
            holder.interrupt();
        }
        backlog.shutdown();
        try
        {
            backlog.awaitTermination(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final RdmaConnection connection : connections.keySet())
        {
            connection.close();
        }
        final RdmaAcceptor listening = acceptor;
        acceptor = null;
        if (listening != null)
        {
            // destroys only what it accepted meanwhile (listeners are stopped, so those processed nothing)
            listening.close();
        }
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
    }

    @Override
    public String toString()
    {
        return "RdmaServer[" + listenAddress + ", " + listeners.keySet() + "]";
    }
}

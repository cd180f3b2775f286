package io.rdmaspring.boot.core;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.rdmaspring.boot.frame.FrameDecoder;
import io.rdmaspring.boot.frame.FrameDecodingException;
import io.rdmaspring.boot.frame.FrameHandler;
import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.boot.frame.RejectedFrame;
import io.rdmaspring.verbs.ConnectionState;
import io.rdmaspring.verbs.MessageHandler;
import io.rdmaspring.verbs.RdmaConnection;

/**
 * The connection to one peer, opened on first use and again after it fails. Receives replies and error replies,
 * and completes sends when the peer confirms it processed them.
 */
final class OutboundConnection implements MessageHandler
{
    private static final Log logger = LogFactory.getLog(OutboundConnection.class);

    private final RdmaClient client;
    private final InetSocketAddress peer;
    private final String peerText;
    private final FrameDecoder decoder;
    /** {@link #onFrame}, made once: a method reference per message allocated. */
    private final FrameHandler frames = this::onFrame;
    private final Map<Long, PendingSend> bySequence = new ConcurrentHashMap<>();
    private final Map<Long, PendingSend> byCorrelation = new ConcurrentHashMap<>();
    private final Map<Long, PendingReply> replies = new ConcurrentHashMap<>();
    private volatile @Nullable RdmaConnection connection;
    private long completedUpTo;

    OutboundConnection(final RdmaClient client, final InetSocketAddress peer, final FrameDecoder decoder)
    {
        this.client = client;
        this.peer = peer;
        this.peerText = peer.getHostString() + ":" + peer.getPort();
        this.decoder = decoder;
    }

    /** The open connection, connecting first when there is none. */
    RdmaConnection connection()
    {
        final RdmaConnection current = connection;
        if (current != null && current.state() == ConnectionState.OPEN)
        {
            return current;
        }
        return reconnect();
    }

    private synchronized RdmaConnection reconnect()
    {
        final RdmaConnection current = connection;
        if (current != null && current.state() == ConnectionState.OPEN)
        {
            return current;
        }
        final long timeoutMillis = client.connectTimeout().toMillis();
        final CompletableFuture<RdmaConnection> connecting = client.connect(peer, this);
        try
        {
            final RdmaConnection opened = connecting.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            completedUpTo = 0;
            connection = opened;
            client.poller().add(opened);
            logger.info("Connected to " + peerText + " (" + opened.maxMessageSize() + "-byte frames)");
            return opened;
        }
        catch (final ExecutionException ex)
        {
            throw new RdmaDeliveryException("Cannot connect to " + peerText + ": " + ex.getCause().getMessage(),
                ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            connecting.cancel(false);
            throw new RdmaDeliveryException("Cannot connect to " + peerText + " within " + timeoutMillis
                + " ms (rdma.connect-timeout): is the service running there, and is the address one of its RDMA "
                + "addresses?");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new RdmaDeliveryException("Interrupted while connecting to " + peerText);
        }
    }

    /** Registers a send before it is posted, so an error reply that comes back at once finds it. */
    void expectOutcome(final PendingSend pending)
    {
        byCorrelation.put(pending.correlationId, pending);
    }

    /**
     * Remembers a posted send whose future completes when the peer confirms it processed {@code pending.sequence},
     * unless an error reply failed it first.
     */
    void track(final RdmaConnection sentOn, final PendingSend pending)
    {
        if (pending.future.isDone())
        {
            return;
        }
        bySequence.put(pending.sequence, pending);
        if (sentOn.acknowledged() >= pending.sequence)
        {
            complete(pending.sequence);
        }
        else if (sentOn.state() != ConnectionState.OPEN && sentOn.state() != ConnectionState.CLOSING)
        {
            fail(pending.sequence, new RdmaDeliveryException("The connection with " + peerText + " closed before "
                + "it confirmed the message to '" + pending.destination + "' was processed; it may or may not have "
                + "been processed.", null, true));
        }
    }

    /** Forgets a send that failed before it was posted. */
    void untrack(final PendingSend pending)
    {
        byCorrelation.remove(pending.correlationId);
    }

    @Override
    public void onMessage(final RdmaConnection from, final ByteBuffer buffer, final int offset, final int length)
    {
        try
        {
            decoder.decode(buffer, offset, length, frames);
        }
        catch (final FrameDecodingException ex)
        {
            client.metrics().error(peerText, "decode");
            if (!failByMalformedReply(ex))
            {
                logger.warn("Dropped a malformed frame from " + peerText + ": " + ex.getMessage());
            }
        }
    }

    /** Fails the request or send a malformed reply answers, when its correlation id is readable and pending. */
    private boolean failByMalformedReply(final FrameDecodingException ex)
    {
        final RejectedFrame rejected = ex.rejectedFrame();
        if (rejected == null || !rejected.claimsReply())
        {
            return false;
        }
        final RdmaDeliveryException failure = new RdmaDeliveryException("The reply from " + peerText + " is malformed: "
            + ex.getMessage() + ". Check that both sides run a compatible version with the same rdma.frame.* limits.",
            ex);
        final PendingReply reply = replies.remove(rejected.correlationId());
        if (reply != null)
        {
            reply.completeExceptionally(failure);
            return true;
        }
        final PendingSend pending = byCorrelation.remove(rejected.correlationId());
        if (pending != null)
        {
            bySequence.remove(pending.sequence);
            pending.future.completeExceptionally(failure);
            return true;
        }
        return false;
    }

    private void onFrame(final FrameHeader header, final ByteBuffer payload)
    {
        if (header.isReply() || header.isErrorReply())
        {
            final PendingReply reply = replies.remove(header.correlationId());
            if (reply != null)
            {
                completeReply(reply, header, payload);
                return;
            }
            if (header.isErrorReply())
            {
                final PendingSend pending = byCorrelation.remove(header.correlationId());
                final RemoteRdmaException failure = InboundFrames.remoteException(
                    "rdma://" + peerText + "/" + header.destination(), header, payload);
                client.metrics().error(header.destination(), "remote");
                if (pending != null)
                {
                    bySequence.remove(pending.sequence);
                    pending.future.completeExceptionally(failure);
                }
                else
                {
                    logger.warn(failure.getMessage());
                }
                return;
            }
        }
        logger.warn("Ignored a frame from " + peerText + " that answers nothing pending (flags " + header.flags()
            + ", correlation id " + header.correlationId() + "); its request may have timed out.");
    }

    private void completeReply(final PendingReply reply, final FrameHeader header, final ByteBuffer payload)
    {
        if (header.isErrorReply())
        {
            client.metrics().error(reply.destination.name(), "remote");
            reply.completeExceptionally(
                InboundFrames.remoteException("rdma://" + peerText + "/" + reply.destination.name(), header, payload));
        }
        else
        {
            client.metrics().replyLatency(reply.destination.name(), System.nanoTime() - reply.startNanos);
            reply.complete(InboundFrames.copy(header, payload, peerText));
        }
    }

    /** Registers a request before it is sent, so a fast reply finds it. */
    void expectReply(final long correlationId, final PendingReply reply)
    {
        replies.put(correlationId, reply);
    }

    /** Forgets a request that timed out or could not be sent; true if it was still pending. */
    boolean forgetReply(final long correlationId)
    {
        return replies.remove(correlationId) != null;
    }

    @Override
    public void onAcknowledged(final RdmaConnection from, final long sequence)
    {
        if (bySequence.isEmpty())
        {
            completedUpTo = sequence;
            return;
        }
        for (long s = completedUpTo + 1; s <= sequence; s++)
        {
            complete(s);
        }
        completedUpTo = sequence;
    }

    private void complete(final long sequence)
    {
        final PendingSend pending = bySequence.remove(sequence);
        if (pending != null)
        {
            byCorrelation.remove(pending.correlationId);
            pending.future.complete(null);
        }
    }

    private void fail(final long sequence, final Throwable cause)
    {
        final PendingSend pending = bySequence.remove(sequence);
        if (pending != null)
        {
            byCorrelation.remove(pending.correlationId);
            pending.future.completeExceptionally(cause);
        }
    }

    @Override
    public void onClosed(final RdmaConnection from, final @Nullable Throwable cause, final long acknowledged)
    {
        onAcknowledged(from, acknowledged);
        final RdmaDeliveryException failure = new RdmaDeliveryException("The connection with " + peerText
            + " ended before the peer confirmed processing" + (cause == null ? "" : ": " + cause.getMessage())
            + ". The message may or may not have been processed; the next send reconnects.", cause, true);
        for (final Long sequence : bySequence.keySet())
        {
            fail(sequence, failure);
        }
        for (final Long correlationId : replies.keySet())
        {
            final PendingReply reply = replies.remove(correlationId);
            if (reply != null)
            {
                reply.completeExceptionally(failure);
            }
        }
        if (cause != null)
        {
            logger.warn("Connection with " + peerText + " failed: " + cause.getMessage());
        }
    }

    boolean isOpen()
    {
        final RdmaConnection current = connection;
        return current != null && current.state() == ConnectionState.OPEN;
    }

    @Nullable RdmaConnection current()
    {
        return connection;
    }

    String peerText()
    {
        return peerText;
    }
}

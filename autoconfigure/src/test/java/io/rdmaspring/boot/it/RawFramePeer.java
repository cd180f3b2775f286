package io.rdmaspring.boot.it;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import io.rdmaspring.boot.core.RdmaHeaders;
import io.rdmaspring.boot.frame.FrameDecoder;
import io.rdmaspring.boot.frame.FrameDecodingException;
import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.ConnectionPoller;
import io.rdmaspring.verbs.ConnectionState;
import io.rdmaspring.verbs.MessageHandler;
import io.rdmaspring.verbs.ProtectionDomain;
import io.rdmaspring.verbs.RdmaConnection;
import io.rdmaspring.verbs.RdmaConnector;
import io.rdmaspring.verbs.VerbsContext;

/**
 * A peer that uses verbs-core directly, with no Spring layer: it opens connections to a server and sends whatever
 * bytes a test gives it as messages, and collects the frames that come back and how each connection ended. Its own
 * device context, protection domain, connector and poller, so nothing it does passes through the code under test.
 */
final class RawFramePeer implements AutoCloseable
{
    static final Duration WAIT = Duration.ofSeconds(60);

    private final VerbsContext context;
    private final ProtectionDomain pd;
    private final RdmaConnector connector = new RdmaConnector();
    private final ConnectionPoller poller;
    private final InetSocketAddress server;
    private final FrameLimits limits;
    private final Queue<Link> links = new ConcurrentLinkedQueue<>();

    RawFramePeer(final String device, final InetSocketAddress server, final FrameLimits limits)
    {
        this.context = VerbsContext.open(device);
        this.pd = context.allocateProtectionDomain();
        this.poller = ConnectionPoller.eventDriven("raw-frame-peer", context);
        this.server = server;
        this.limits = limits;
    }

    /** Opens a connection that takes frames as large as the server's limits allow. */
    Link connect() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(limits.maxFrameLength()).sendBuffers(16)
            .receiveBuffers(16).completionChannel(poller.channel()).conclude();
        final Link link = new Link(new FrameDecoder(limits));
        final RdmaConnection connection =
            RdmaConnection.connect(connector, pd, server, config, link).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        link.connection = connection;
        poller.add(connection);
        links.add(link);
        return link;
    }

    /** Closes every connection, then the poller and the device. */
    @Override
    public void close()
    {
        links.forEach(Link::close);
        poller.close();
        connector.close();
        context.close();
    }

    static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** A frame that came back: its header and its payload as UTF-8. */
    record Reply(FrameHeader header, String text)
    {
        String exceptionType()
        {
            return header.headers().getOrDefault(RdmaHeaders.EXCEPTION_TYPE, "");
        }
    }

    /** One raw connection: the frames it received by correlation id, and the processed count it ended with. */
    static final class Link implements MessageHandler, AutoCloseable
    {
        final Map<Long, Reply> replies = new ConcurrentHashMap<>();
        final Queue<String> malformed = new ConcurrentLinkedQueue<>();
        final CompletableFuture<Long> ended = new CompletableFuture<>();
        private final FrameDecoder decoder;
        private volatile @Nullable RdmaConnection connection;

        private Link(final FrameDecoder decoder)
        {
            this.decoder = decoder;
        }

        /** Sends {@code frame}, waiting while held back: its sequence number, or {@link RdmaConnection#NOT_CONNECTED}. */
        long send(final byte[] frame)
        {
            final RdmaConnection open = connection();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (true)
            {
                final long sequence = open.offer(ByteBuffer.wrap(frame), 0, frame.length);
                if (sequence != RdmaConnection.BACK_PRESSURED)
                {
                    return sequence;
                }
                if (System.nanoTime() - deadline >= 0)
                {
                    throw new AssertionError("The server held " + open + " back for " + WAIT.toSeconds() + " s");
                }
                LockSupport.parkNanos(50_000);
            }
        }

        Reply awaitReply(final long correlationId)
        {
            await(() -> replies.containsKey(correlationId) || ended.isDone(),
                "a reply with correlation id " + correlationId + " on " + connection);
            final Reply reply = replies.get(correlationId);
            if (reply == null)
            {
                throw new AssertionError("The connection ended (" + ended.join() + " acknowledged, failure "
                    + connection().failure() + ") before a reply with correlation id " + correlationId + " came");
            }
            return reply;
        }

        /** The sequence number the server had acknowledged when the connection ended. */
        long awaitEnd()
        {
            await(ended::isDone, "the server to close " + connection);
            return ended.join();
        }

        void awaitAcknowledged(final long sequence)
        {
            await(() -> connection().acknowledged() >= sequence || ended.isDone(),
                "the server to acknowledge message " + sequence + " on " + connection);
            if (connection().acknowledged() < sequence)
            {
                throw new AssertionError("The connection ended at " + ended.join() + " before message " + sequence
                    + " was acknowledged: " + connection().failure());
            }
        }

        boolean isOpen()
        {
            return connection().state() == ConnectionState.OPEN;
        }

        RdmaConnection connection()
        {
            final RdmaConnection open = connection;
            if (open == null)
            {
                throw new IllegalStateException("not connected yet");
            }
            return open;
        }

        @Override
        public void onMessage(final RdmaConnection from, final ByteBuffer buffer, final int offset, final int length)
        {
            try
            {
                decoder.decode(buffer, offset, length, (header, payload) ->
                {
                    final byte[] bytes = new byte[payload.remaining()];
                    payload.get(bytes);
                    replies.put(header.correlationId(), new Reply(header, new String(bytes, StandardCharsets.UTF_8)));
                });
            }
            catch (final FrameDecodingException ex)
            {
                malformed.add(ex.getMessage());
            }
        }

        @Override
        public void onClosed(final RdmaConnection from, final @Nullable Throwable cause, final long acknowledged)
        {
            ended.complete(acknowledged);
        }

        @Override
        public void close()
        {
            final RdmaConnection open = connection;
            if (open != null)
            {
                open.close();
            }
        }
    }
}

package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;
import java.util.Map;

import org.springframework.messaging.MessageHeaders;

import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.verbs.RdmaConnection;

/**
 * One received frame and the way back to its sender. The payload is a read-only view of registered memory, valid
 * until the listener call returns or, after {@link #defer()}, until {@link #complete()}.
 */
public final class RdmaInboundFrame
{
    private final RdmaServer server;
    private final RdmaConnection connection;
    private final FrameHeader header;
    private final ByteBuffer payload;
    private final String peer;
    private long ticket = -1;

    RdmaInboundFrame(final RdmaServer server, final RdmaConnection connection, final FrameHeader header,
        final ByteBuffer payload, final String peer)
    {
        this.server = server;
        this.connection = connection;
        this.header = header;
        this.payload = payload;
        this.peer = peer;
    }

    public FrameHeader header()
    {
        return header;
    }

    /** The payload, read-only, from position 0 to its limit. */
    public ByteBuffer payload()
    {
        return payload;
    }

    /** The sender's address, {@code host:port}. */
    public String peer()
    {
        return peer;
    }

    public boolean isRequest()
    {
        return header.isRequest();
    }

    /** The frame's headers plus {@link RdmaHeaders} for destination, correlation id, peer and request. */
    public MessageHeaders messageHeaders()
    {
        return InboundFrames.headers(header, peer);
    }

    /**
     * Keeps the payload valid after the polling thread moves on, and holds back the sender's acknowledgement,
     * until {@link #complete()}. Call on the polling thread, during the listener call.
     */
    public void defer()
    {
        if (ticket < 0)
        {
            ticket = connection.defer();
        }
    }

    /** Ends a deferred frame: it counts as processed. Any thread. */
    public void complete()
    {
        final long deferred = ticket;
        if (deferred >= 0)
        {
            ticket = -1;
            connection.complete(deferred);
        }
    }

    /** Replies to a request. */
    public void reply(final Map<String, String> headers, final ByteBuffer replyPayload)
    {
        server.reply(this, connection, headers, replyPayload, false);
    }

    /**
     * Reports a failure to the sender: a request fails with {@link RemoteRdmaException}, a one-way send's future
     * fails; a plain one-way send is logged on the sending side.
     */
    public void replyError(final String exceptionType, final String message)
    {
        server.replyError(this, connection, exceptionType, message);
    }
}

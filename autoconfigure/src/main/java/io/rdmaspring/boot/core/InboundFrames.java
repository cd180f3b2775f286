package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import io.rdmaspring.boot.frame.FrameHeader;

/** Turns decoded frames into Spring messages and error payloads back into exceptions. */
final class InboundFrames
{
    private InboundFrames()
    {
    }

    /** The frame's headers plus the {@link RdmaHeaders} of the frame's own fields. */
    static MessageHeaders headers(final FrameHeader header, final String peer)
    {
        if (header.headers().isEmpty())
        {
            return new RdmaMessageHeaders(Map.of(RdmaHeaders.DESTINATION, header.destination(),
                RdmaHeaders.CORRELATION_ID, header.correlationId(), RdmaHeaders.PEER, peer,
                RdmaHeaders.REQUEST, header.isRequest()));
        }
        final Map<String, Object> headers = new HashMap<>(header.headers().size() + 6);
        headers.putAll(header.headers());
        headers.put(RdmaHeaders.DESTINATION, header.destination());
        headers.put(RdmaHeaders.CORRELATION_ID, header.correlationId());
        headers.put(RdmaHeaders.PEER, peer);
        headers.put(RdmaHeaders.REQUEST, header.isRequest());
        return new RdmaMessageHeaders(headers);
    }

    /** A copy of a reply's payload, which outlives the receive buffer. */
    static Message<byte[]> copy(final FrameHeader header, final ByteBuffer payload, final String peer)
    {
        final byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        return new GenericMessage<>(bytes, headers(header, peer));
    }

    static RemoteRdmaException remoteException(final String destination, final FrameHeader header,
        final ByteBuffer payload)
    {
        final byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        final String type = header.headers().getOrDefault(RdmaHeaders.EXCEPTION_TYPE, "unknown");
        return new RemoteRdmaException(destination, type, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Message headers without a generated id or timestamp: both cost more than the rest of the message. */
    static final class RdmaMessageHeaders extends MessageHeaders
    {
        private static final long serialVersionUID = 1L;

        RdmaMessageHeaders(final Map<String, Object> headers)
        {
            super(headers, ID_VALUE_NONE, -1L);
        }
    }
}

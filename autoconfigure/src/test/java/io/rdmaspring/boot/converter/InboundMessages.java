package io.rdmaspring.boot.converter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.rdmaspring.boot.core.RdmaHeaders;

/** Inbound messages as a container hands them over: a read-only view of direct memory, not at position 0. */
public final class InboundMessages
{
    private InboundMessages()
    {
    }

    public static Message<ByteBuffer> oneWay(final String payload, final Map<String, Object> headers)
    {
        return message(payload.getBytes(StandardCharsets.UTF_8), headers, false);
    }

    public static Message<ByteBuffer> request(final String payload, final Map<String, Object> headers)
    {
        return message(payload.getBytes(StandardCharsets.UTF_8), headers, true);
    }

    public static Message<ByteBuffer> message(final byte[] payload, final Map<String, Object> headers, final boolean request)
    {
        return MessageBuilder.withPayload(view(payload))
            .copyHeaders(headers)
            .setHeader(RdmaHeaders.DESTINATION, "orders")
            .setHeader(RdmaHeaders.CORRELATION_ID, 42L)
            .setHeader(RdmaHeaders.PEER, "10.77.0.2:40000")
            .setHeader(RdmaHeaders.REQUEST, request)
            .build();
    }

    /** The bytes behind a frame header, as a read-only view positioned on them. */
    public static ByteBuffer view(final byte[] payload)
    {
        final int frameHeader = 24;
        final ByteBuffer registered = ByteBuffer.allocateDirect(frameHeader + payload.length + 8);
        registered.put(frameHeader, payload);
        return registered.slice(frameHeader, payload.length).asReadOnlyBuffer();
    }
}

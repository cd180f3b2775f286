package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;

/** A message ready for a frame: the headers that travel and the payload bytes. */
public record RdmaPayload(Map<String, String> headers, ByteBuffer payload)
{
    /** No headers, no bytes. */
    public static final RdmaPayload EMPTY = new RdmaPayload(Map.of(), ByteBuffer.allocate(0));

    /** Converts {@code message}'s payload with {@code converter} unless it is bytes already. */
    public static RdmaPayload convert(final MessageConverter converter, final Message<?> message)
    {
        final Object payload = message.getPayload();
        final Message<?> converted = payload instanceof byte[] || payload instanceof ByteBuffer
            ? message
            : converter.toMessage(payload, message.getHeaders());
        if (converted == null)
        {
            throw new MessageConversionException("No message converter can write a " + payload.getClass().getName()
                + " payload: send byte[], String, ByteBuffer, or a type the JSON converter handles, or register a "
                + "MessageConverter bean that supports it.");
        }
        return new RdmaPayload(RdmaOutboundHeaders.of(converted.getHeaders()), bytes(converted.getPayload()));
    }

    private static ByteBuffer bytes(final Object payload)
    {
        if (payload instanceof byte[] bytes)
        {
            return ByteBuffer.wrap(bytes);
        }
        if (payload instanceof ByteBuffer buffer)
        {
            return buffer.duplicate();
        }
        if (payload instanceof String text)
        {
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        }
        throw new MessageConversionException("The message converter produced a " + payload.getClass().getName()
            + " payload; frames carry byte[], ByteBuffer or String.");
    }
}

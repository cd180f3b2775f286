package io.rdmaspring.boot.core;

import java.io.Serial;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
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
        return new RdmaMessageHeaders(Collections.unmodifiableMap(headers));
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

    /**
     * Message headers without a generated id or timestamp, read from the map built for the frame. {@link MessageHeaders}
     * would copy that map into a {@code HashMap} per message (and generate an id and timestamp unless told not to); in
     * profiles that copy was the largest step of turning a frame into a message. Reading is the same; the map is never
     * modified. Serialized as a plain {@link MessageHeaders} with the same entries.
     */
    static final class RdmaMessageHeaders extends MessageHeaders
    {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient Map<String, Object> values;

        /** @param values not modified afterwards; a {@code Map.of} map or an unmodifiable view */
        RdmaMessageHeaders(final Map<String, Object> values)
        {
            super(null, ID_VALUE_NONE, -1L);
            this.values = values;
        }

        @Override
        protected Map<String, Object> getRawHeaders()
        {
            return values;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> @Nullable T get(final Object key, final Class<T> type)
        {
            final Object value = get(key);
            if (value == null)
            {
                return null;
            }
            if (!type.isAssignableFrom(value.getClass()))
            {
                throw new IllegalArgumentException("Incorrect type specified for header '" + key + "'. Expected ["
                    + type + "] but actual type is [" + value.getClass() + "]");
            }
            return (T)value;
        }

        @Override
        public @Nullable Object get(final @Nullable Object key)
        {
            return key == null ? null : values.get(key); // Map.of throws on null
        }

        @Override
        public boolean containsKey(final @Nullable Object key)
        {
            return key != null && values.containsKey(key);
        }

        @Override
        public boolean containsValue(final @Nullable Object value)
        {
            return value != null && values.containsValue(value);
        }

        @Override
        public boolean isEmpty()
        {
            return values.isEmpty();
        }

        @Override
        public int size()
        {
            return values.size();
        }

        @Override
        public Set<String> keySet()
        {
            return values.keySet();
        }

        @Override
        public Collection<Object> values()
        {
            return values.values();
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet()
        {
            return values.entrySet();
        }

        @Override
        public boolean equals(final @Nullable Object other)
        {
            return this == other || other instanceof MessageHeaders that && values.equals(that);
        }

        @Override
        public int hashCode()
        {
            return values.hashCode();
        }

        @Override
        public String toString()
        {
            return values.toString();
        }

        @Serial
        private Object writeReplace()
        {
            return new Serialized(values);
        }
    }

    /** What {@link RdmaMessageHeaders} serializes as: the same entries, no id or timestamp added. */
    private static final class Serialized extends MessageHeaders
    {
        @Serial
        private static final long serialVersionUID = 1L;

        Serialized(final Map<String, Object> headers)
        {
            super(headers, ID_VALUE_NONE, -1L);
        }
    }
}

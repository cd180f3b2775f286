package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * Writes frames into a caller's buffer region, in little-endian order whatever the buffer's own order, without
 * allocating. Stateless and thread-safe.
 * <p>
 * A frame that breaks the {@link FrameLimits} is the caller's error and throws {@link IllegalArgumentException}; a
 * region too small for a valid frame is a normal outcome and returns {@link #INSUFFICIENT_CAPACITY}.
 */
public final class FrameEncoder
{
    /** The region cannot hold the frame; nothing useful was written. */
    public static final int INSUFFICIENT_CAPACITY = -1;

    private final FrameLimits limits;

    public FrameEncoder(final FrameLimits limits)
    {
        this.limits = limits;
    }

    public FrameLimits limits()
    {
        return limits;
    }

    /**
     * Writes the header and a copy of the payload's remaining bytes; the payload's position does not move.
     *
     * @return the frame length, or {@link #INSUFFICIENT_CAPACITY}
     */
    public int encode(
        final ByteBuffer buffer, final int offset, final int capacity, final FrameHeader header, final ByteBuffer payload)
    {
        final int payloadLength = payload.remaining();
        final int headerLength = encodeHeader(buffer, offset, capacity, header, payloadLength);
        if (headerLength < 0)
        {
            return headerLength;
        }
        buffer.put(offset + headerLength, payload, payload.position(), payloadLength);
        return headerLength + payloadLength;
    }

    /**
     * Writes the header of a frame whose payload the caller then writes at {@code offset + headerLength}, for
     * serializers that write straight into registered memory.
     *
     * @return the header length, or {@link #INSUFFICIENT_CAPACITY} when header and payload do not both fit
     */
    public int encodeHeader(
        final ByteBuffer buffer, final int offset, final int capacity, final FrameHeader header, final int payloadLength)
    {
        Objects.checkFromIndexSize(offset, capacity, buffer.limit());
        final int headerLength = headerLength(header, payloadLength);
        if ((long)headerLength + payloadLength > capacity)
        {
            return INSUFFICIENT_CAPACITY;
        }
        LittleEndian.putInt(buffer, offset + FrameDescriptor.MAGIC_OFFSET, FrameDescriptor.MAGIC);
        buffer.put(offset + FrameDescriptor.VERSION_OFFSET, (byte)FrameDescriptor.CURRENT_VERSION);
        buffer.put(offset + FrameDescriptor.FLAGS_OFFSET, (byte)header.flags());
        LittleEndian.putShort(buffer, offset + FrameDescriptor.HEADER_LENGTH_OFFSET, headerLength);
        LittleEndian.putLong(buffer, offset + FrameDescriptor.CORRELATION_ID_OFFSET, header.correlationId());
        final int destinationLength = Utf8.encode(header.destination(), buffer, offset + FrameDescriptor.DESTINATION_OFFSET);
        buffer.put(offset + FrameDescriptor.DESTINATION_LENGTH_OFFSET, (byte)destinationLength);
        int at = offset + FrameDescriptor.headerCountOffset(destinationLength);
        LittleEndian.putShort(buffer, at, header.headers().size());
        at += FrameDescriptor.SHORT_LENGTH_SIZE;
        for (final Map.Entry<String, String> entry : header.headers().entrySet())
        {
            at = putString(buffer, at, entry.getKey());
            at = putString(buffer, at, entry.getValue());
        }
        LittleEndian.putInt(buffer, at, payloadLength);
        return headerLength;
    }

    /**
     * The length of the frame {@link #encode} would write.
     *
     * @throws IllegalArgumentException when the frame breaks the limits
     */
    public int frameLength(final FrameHeader header, final int payloadLength)
    {
        return headerLength(header, payloadLength) + payloadLength;
    }

    private int headerLength(final FrameHeader header, final int payloadLength)
    {
        final int destinationLength = Utf8.encodedLength(header.destination());
        requireAtMost("destination length", destinationLength, limits.maxDestinationLength());
        requireAtMost("header count", header.headers().size(), limits.maxHeaderCount());
        long sectionLength = 0;
        for (final Map.Entry<String, String> entry : header.headers().entrySet())
        {
            sectionLength += FrameDescriptor.headerEntryLength(
                Utf8.encodedLength(entry.getKey()), Utf8.encodedLength(entry.getValue()));
        }
        requireAtMost("header section length", sectionLength, limits.maxHeaderBytes());
        if (payloadLength < 0)
        {
            throw new IllegalArgumentException("payload length must not be negative but was " + payloadLength);
        }
        requireAtMost("payload length", payloadLength, limits.maxPayloadLength());
        return FrameDescriptor.headerLength(destinationLength, (int)sectionLength);
    }

    private static int putString(final ByteBuffer buffer, final int index, final String value)
    {
        final int length = Utf8.encode(value, buffer, index + FrameDescriptor.SHORT_LENGTH_SIZE);
        LittleEndian.putShort(buffer, index, length);
        return index + FrameDescriptor.SHORT_LENGTH_SIZE + length;
    }

    private static void requireAtMost(final String what, final long value, final int max)
    {
        if (value > max)
        {
            throw new IllegalArgumentException(what + " " + value + " exceeds the limit of " + max);
        }
    }
}

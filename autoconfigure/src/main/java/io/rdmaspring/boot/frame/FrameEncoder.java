package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Writes frames into a caller's buffer region, in little-endian order whatever the buffer's own order. Thread-safe.
 * It keeps the UTF-8 bytes of the last destination it wrote, as its only state: a sender writes the same few
 * destinations again and again, and encoding the name per frame showed in profiles. Allocates only when the
 * destination changes.
 * <p>
 * A frame that breaks the {@link FrameLimits} is the caller's error and throws {@link IllegalArgumentException}; a
 * region too small for a valid frame is a normal outcome and returns {@link #INSUFFICIENT_CAPACITY}.
 */
public final class FrameEncoder
{
    /** The region cannot hold the frame; nothing useful was written. */
    public static final int INSUFFICIENT_CAPACITY = -1;

    private final FrameLimits limits;
    /** The last destination written; replaced whole, so a racing thread sees one pair or the other. */
    private @Nullable EncodedName lastDestination;

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
        final byte[] destination = destinationBytes(header.destination());
        final int headerLength = headerLength(header, destination.length, payloadLength);
        if ((long)headerLength + payloadLength > capacity)
        {
            return INSUFFICIENT_CAPACITY;
        }
        LittleEndian.putInt(buffer, offset + FrameDescriptor.MAGIC_OFFSET, FrameDescriptor.MAGIC);
        buffer.put(offset + FrameDescriptor.VERSION_OFFSET, (byte)FrameDescriptor.CURRENT_VERSION);
        buffer.put(offset + FrameDescriptor.FLAGS_OFFSET, (byte)header.flags());
        LittleEndian.putShort(buffer, offset + FrameDescriptor.HEADER_LENGTH_OFFSET, headerLength);
        LittleEndian.putLong(buffer, offset + FrameDescriptor.CORRELATION_ID_OFFSET, header.correlationId());
        buffer.put(offset + FrameDescriptor.DESTINATION_OFFSET, destination);
        buffer.put(offset + FrameDescriptor.DESTINATION_LENGTH_OFFSET, (byte)destination.length);
        int at = offset + FrameDescriptor.headerCountOffset(destination.length);
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
        return headerLength(header, destinationBytes(header.destination()).length, payloadLength) + payloadLength;
    }

    /** The destination's UTF-8 bytes ({@link String#getBytes}: an unpaired surrogate becomes {@code '?'}). */
    private byte[] destinationBytes(final String destination)
    {
        final EncodedName last = lastDestination;
        if (last != null && (last.name == destination || last.name.equals(destination)))
        {
            return last.bytes;
        }
        final EncodedName encoded = new EncodedName(destination, destination.getBytes(StandardCharsets.UTF_8));
        lastDestination = encoded;
        return encoded.bytes;
    }

    private int headerLength(final FrameHeader header, final int destinationLength, final int payloadLength)
    {
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

    /** A name with its UTF-8 bytes, which nobody modifies. */
    private record EncodedName(String name, byte[] bytes)
    {
    }

    private static void requireAtMost(final String what, final long value, final int max)
    {
        if (value > max)
        {
            throw new IllegalArgumentException(what + " " + value + " exceeds the limit of " + max);
        }
    }
}

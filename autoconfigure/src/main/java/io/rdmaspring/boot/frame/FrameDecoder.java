package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static io.rdmaspring.boot.frame.FrameDescriptor.SHORT_LENGTH_SIZE;

/**
 * Reads one frame from a buffer region under {@link FrameLimits}. Every length is checked against what is left of
 * the region and against the limits before anything is read behind it, so a decode never touches memory outside the
 * region; any violation throws {@link FrameDecodingException} naming the field and its offset from the frame start.
 * <p>
 * The frame must fill the region exactly, as a received message does. The payload is handed to the
 * {@link FrameHandler} as a read-only view, not copied. Not thread-safe: use one decoder per receiving thread.
 */
public final class FrameDecoder
{
    private final FrameLimits limits;
    private final StrictUtf8Decoder utf8 = new StrictUtf8Decoder();

    public FrameDecoder(final FrameLimits limits)
    {
        this.limits = limits;
    }

    public FrameLimits limits()
    {
        return limits;
    }

    /**
     * Decodes the frame occupying {@code length} bytes at the absolute {@code offset} and passes it to the handler.
     * The buffer's position, limit and byte order are left alone.
     *
     * @throws FrameDecodingException when the frame is malformed or breaks the limits
     * @throws IndexOutOfBoundsException when the region does not lie within the buffer's limit
     */
    public void decode(final ByteBuffer buffer, final int offset, final int length, final FrameHandler handler)
    {
        Objects.checkFromIndexSize(offset, length, buffer.limit());
        final FrameHeader header;
        try
        {
            header = header(buffer, offset, length);
        }
        catch (final FrameDecodingException ex)
        {
            throw withRejectedFrame(ex, buffer, offset, length);
        }
        final int headerLength = LittleEndian.getUnsignedShort(buffer, offset + FrameDescriptor.HEADER_LENGTH_OFFSET);
        final ByteBuffer payload = buffer.slice(offset + headerLength, length - headerLength).asReadOnlyBuffer();
        handler.onFrame(header, payload);
    }

    private FrameHeader header(final ByteBuffer buffer, final int offset, final int length)
    {
        checkMagicAndVersion(buffer, offset, length);
        requireInRegion(FrameField.FLAGS, FrameDescriptor.FLAGS_OFFSET, 1, length);
        final int flags = LittleEndian.getUnsignedByte(buffer, offset + FrameDescriptor.FLAGS_OFFSET);
        final String flagsProblem = FrameFlags.problem(flags);
        if (flagsProblem != null)
        {
            throw new FrameDecodingException(FrameField.FLAGS, FrameDescriptor.FLAGS_OFFSET, flagsProblem);
        }
        final int headerLength = headerLength(buffer, offset, length);
        final int headersEnd = FrameDescriptor.payloadLengthOffset(headerLength);
        final long correlationId = LittleEndian.getLong(buffer, offset + FrameDescriptor.CORRELATION_ID_OFFSET);
        final int destinationLength = destinationLength(buffer, offset, headersEnd);
        final String destination = utf8.decodeRepeated(buffer, offset + FrameDescriptor.DESTINATION_OFFSET,
            destinationLength, FrameField.DESTINATION, offset);
        final Map<String, String> headers =
            headers(buffer, offset, FrameDescriptor.headerCountOffset(destinationLength), headersEnd);
        checkPayloadLength(buffer, offset, length, headerLength);
        return new FrameHeader(flags, correlationId, destination, headers);
    }

    /**
     * Adds the preamble of a rejected frame to its failure, when the region holds it and starts with the magic. The
     * destination is read leniently, only to name it in an error reply: empty when it does not decode.
     */
    private FrameDecodingException withRejectedFrame(
        final FrameDecodingException ex, final ByteBuffer buffer, final int frame, final int length)
    {
        if (length < FrameDescriptor.PREAMBLE_LENGTH
            || LittleEndian.getInt(buffer, frame + FrameDescriptor.MAGIC_OFFSET) != FrameDescriptor.MAGIC)
        {
            return ex;
        }
        final int flags = LittleEndian.getUnsignedByte(buffer, frame + FrameDescriptor.FLAGS_OFFSET);
        final long correlationId = LittleEndian.getLong(buffer, frame + FrameDescriptor.CORRELATION_ID_OFFSET);
        return ex.withRejectedFrame(new RejectedFrame(flags, correlationId, lenientDestination(buffer, frame, length)));
    }

    private String lenientDestination(final ByteBuffer buffer, final int frame, final int length)
    {
        if (length <= FrameDescriptor.DESTINATION_LENGTH_OFFSET)
        {
            return "";
        }
        final int destinationLength =
            LittleEndian.getUnsignedByte(buffer, frame + FrameDescriptor.DESTINATION_LENGTH_OFFSET);
        if (FrameDescriptor.DESTINATION_OFFSET + destinationLength > length
            || destinationLength > limits.maxDestinationLength())
        {
            return "";
        }
        try
        {
            return utf8.decode(buffer, frame + FrameDescriptor.DESTINATION_OFFSET, destinationLength,
                FrameField.DESTINATION, frame);
        }
        catch (final FrameDecodingException ex)
        {
            return "";
        }
    }

    private static void checkMagicAndVersion(final ByteBuffer buffer, final int frame, final int length)
    {
        requireInRegion(FrameField.MAGIC, FrameDescriptor.MAGIC_OFFSET, Integer.BYTES, length);
        final int magic = LittleEndian.getInt(buffer, frame + FrameDescriptor.MAGIC_OFFSET);
        if (magic != FrameDescriptor.MAGIC)
        {
            throw new FrameDecodingException(FrameField.MAGIC, FrameDescriptor.MAGIC_OFFSET,
                "bytes " + hexBytes(magic) + " are not " + hexBytes(FrameDescriptor.MAGIC) + " ('RDMA')");
        }
        requireInRegion(FrameField.VERSION, FrameDescriptor.VERSION_OFFSET, 1, length);
        final int version = LittleEndian.getUnsignedByte(buffer, frame + FrameDescriptor.VERSION_OFFSET);
        if (version != FrameDescriptor.CURRENT_VERSION)
        {
            throw new FrameDecodingException(FrameField.VERSION, FrameDescriptor.VERSION_OFFSET,
                "version " + version + " is not supported; this decoder reads version " + FrameDescriptor.CURRENT_VERSION);
        }
    }

    private int headerLength(final ByteBuffer buffer, final int frame, final int length)
    {
        requireInRegion(FrameField.HEADER_LENGTH, FrameDescriptor.HEADER_LENGTH_OFFSET, SHORT_LENGTH_SIZE, length);
        final int headerLength = LittleEndian.getUnsignedShort(buffer, frame + FrameDescriptor.HEADER_LENGTH_OFFSET);
        final String problem;
        if (headerLength < FrameDescriptor.MIN_HEADER_LENGTH)
        {
            problem = headerLength + " bytes is less than the smallest header, " + FrameDescriptor.MIN_HEADER_LENGTH;
        }
        else if (headerLength > length)
        {
            problem = headerLength + " bytes run past the end of the " + length + "-byte region (truncated frame)";
        }
        else if (headerLength > limits.maxHeaderLength())
        {
            problem = headerLength + " bytes exceed the configured maximum of " + limits.maxHeaderLength();
        }
        else
        {
            return headerLength;
        }
        throw new FrameDecodingException(FrameField.HEADER_LENGTH, FrameDescriptor.HEADER_LENGTH_OFFSET, problem);
    }

    private int destinationLength(final ByteBuffer buffer, final int frame, final int headersEnd)
    {
        final int destinationLength =
            LittleEndian.getUnsignedByte(buffer, frame + FrameDescriptor.DESTINATION_LENGTH_OFFSET);
        final int room = headersEnd - SHORT_LENGTH_SIZE - FrameDescriptor.DESTINATION_OFFSET;
        final String problem;
        if (destinationLength > room)
        {
            problem = destinationLength + " bytes run past the header, which has room for " + room;
        }
        else if (destinationLength > limits.maxDestinationLength())
        {
            problem = destinationLength + " bytes exceed the configured maximum of " + limits.maxDestinationLength();
        }
        else
        {
            return destinationLength;
        }
        throw new FrameDecodingException(FrameField.DESTINATION_LENGTH, FrameDescriptor.DESTINATION_LENGTH_OFFSET, problem);
    }

    private Map<String, String> headers(final ByteBuffer buffer, final int frame, final int countAt, final int headersEnd)
    {
        final int count = LittleEndian.getUnsignedShort(buffer, frame + countAt);
        if (count > limits.maxHeaderCount())
        {
            throw new FrameDecodingException(FrameField.HEADER_COUNT, countAt,
                count + " headers exceed the configured maximum of " + limits.maxHeaderCount());
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        final HeaderSection section = new HeaderSection(countAt + SHORT_LENGTH_SIZE, headersEnd);
        for (int i = 0; i < count; i++)
        {
            final int keyAt = section.position;
            final String key = readString(buffer, frame, section, FrameField.HEADER_KEY_LENGTH, FrameField.HEADER_KEY, i);
            if (key.isEmpty())
            {
                throw new FrameDecodingException(FrameField.HEADER_KEY, keyAt + SHORT_LENGTH_SIZE,
                    "header #" + i + " has an empty key");
            }
            final String value =
                readString(buffer, frame, section, FrameField.HEADER_VALUE_LENGTH, FrameField.HEADER_VALUE, i);
            if (headers.putIfAbsent(key, value) != null)
            {
                throw new FrameDecodingException(FrameField.HEADER_KEY, keyAt + SHORT_LENGTH_SIZE,
                    "header #" + i + " repeats the key '" + key + "'");
            }
        }
        if (section.position != headersEnd)
        {
            throw new FrameDecodingException(FrameField.HEADER_LENGTH, FrameDescriptor.HEADER_LENGTH_OFFSET,
                "the fields end at offset " + section.position + " but the header length puts the payload length at "
                + headersEnd);
        }
        return headers;
    }

    private String readString(
        final ByteBuffer buffer,
        final int frame,
        final HeaderSection section,
        final FrameField lengthField,
        final FrameField textField,
        final int index)
    {
        final int at = section.position;
        if (at + SHORT_LENGTH_SIZE > section.end)
        {
            throw new FrameDecodingException(lengthField, at, "header #" + index + " needs " + SHORT_LENGTH_SIZE
                + " bytes but the header ends at offset " + section.end);
        }
        final int length = LittleEndian.getUnsignedShort(buffer, frame + at);
        final int end = at + SHORT_LENGTH_SIZE + length;
        if (end > section.end)
        {
            throw new FrameDecodingException(lengthField, at, "header #" + index + " declares " + length
                + " bytes, running past the end of the header at offset " + section.end);
        }
        if (end - section.start > limits.maxHeaderBytes())
        {
            throw new FrameDecodingException(lengthField, at, "header #" + index + " declares " + length
                + " bytes, taking the header section to " + (end - section.start)
                + " bytes, over the configured maximum of " + limits.maxHeaderBytes());
        }
        section.position = end;
        return utf8.decode(buffer, frame + at + SHORT_LENGTH_SIZE, length, textField, frame);
    }

    private void checkPayloadLength(final ByteBuffer buffer, final int frame, final int length, final int headerLength)
    {
        final int at = FrameDescriptor.payloadLengthOffset(headerLength);
        final int payloadLength = LittleEndian.getInt(buffer, frame + at);
        final int remaining = length - headerLength;
        final String problem;
        if (payloadLength < 0)
        {
            problem = payloadLength + " is negative";
        }
        else if (payloadLength > remaining)
        {
            problem = payloadLength + " bytes run past the end of the region, which has " + remaining
                + " after the header (truncated frame)";
        }
        else if (payloadLength > limits.maxPayloadLength())
        {
            problem = payloadLength + " bytes exceed the configured maximum of " + limits.maxPayloadLength();
        }
        else if (payloadLength < remaining)
        {
            problem = payloadLength + " bytes leave " + (remaining - payloadLength) + " trailing bytes in the region";
        }
        else
        {
            return;
        }
        throw new FrameDecodingException(FrameField.PAYLOAD_LENGTH, at, problem);
    }

    private static void requireInRegion(final FrameField field, final int at, final int size, final int length)
    {
        if (at + size > length)
        {
            throw new FrameDecodingException(field, at,
                "needs " + size + " bytes but the region ends at offset " + length + " (truncated frame)");
        }
    }

    private static String hexBytes(final int littleEndianInt)
    {
        return String.format("%02X %02X %02X %02X", littleEndianInt & 0xFF, littleEndianInt >>> 8 & 0xFF,
            littleEndianInt >>> 16 & 0xFF, littleEndianInt >>> 24);
    }

    /** Where header parsing stands: the section's first byte, the next unread byte and the payload length field. */
    private static final class HeaderSection
    {
        private final int start;
        private final int end;
        private int position;

        private HeaderSection(final int start, final int end)
        {
            this.start = start;
            this.end = end;
            this.position = start;
        }
    }
}

package io.rdmaspring.boot.frame;

/**
 * The most a frame may carry, enforced by {@link FrameDecoder} on every length it reads and by {@link FrameEncoder}
 * before it writes. Both ends of a connection should use the same limits.
 *
 * @param maxDestinationLength the most UTF-8 bytes of a destination, at most
 *     {@link FrameDescriptor#MAX_DESTINATION_LENGTH}
 * @param maxHeaderCount the most headers a frame may carry
 * @param maxHeaderBytes the most bytes of the header section (all key and value lengths, keys and values)
 * @param maxPayloadLength the most payload bytes, the configured message size limit
 */
public record FrameLimits(int maxDestinationLength, int maxHeaderCount, int maxHeaderBytes, int maxPayloadLength)
{
    public static final int DEFAULT_MAX_HEADER_COUNT = 32;
    public static final int DEFAULT_MAX_HEADER_BYTES = 4096;
    public static final int DEFAULT_MAX_PAYLOAD_LENGTH = 64 * 1024;
    /** The largest payload limit: the frame length must stay an {@code int}. */
    public static final int MAX_PAYLOAD_LENGTH = Integer.MAX_VALUE - FrameDescriptor.MAX_HEADER_LENGTH;

    public FrameLimits
    {
        requireWithin("maxDestinationLength", maxDestinationLength, FrameDescriptor.MAX_DESTINATION_LENGTH);
        requireWithin("maxHeaderCount", maxHeaderCount, FrameDescriptor.MAX_HEADER_LENGTH);
        requireWithin("maxHeaderBytes", maxHeaderBytes,
            FrameDescriptor.MAX_HEADER_LENGTH - FrameDescriptor.headerLength(maxDestinationLength, 0));
        requireWithin("maxPayloadLength", maxPayloadLength, MAX_PAYLOAD_LENGTH);
    }

    /** The default limits for the given payload limit. */
    public static FrameLimits forPayload(final int maxPayloadLength)
    {
        return new FrameLimits(
            FrameDescriptor.MAX_DESTINATION_LENGTH, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_HEADER_BYTES, maxPayloadLength);
    }

    /** The longest header these limits allow. */
    public int maxHeaderLength()
    {
        return FrameDescriptor.headerLength(maxDestinationLength, maxHeaderBytes);
    }

    /** The longest frame these limits allow: the size a receive buffer needs. */
    public int maxFrameLength()
    {
        return maxHeaderLength() + maxPayloadLength;
    }

    private static void requireWithin(final String name, final int value, final int max)
    {
        if (value < 0 || value > max)
        {
            throw new IllegalArgumentException(name + " must be between 0 and " + max + " but was " + value);
        }
    }
}

package io.rdmaspring.boot.frame;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything in a frame but its payload: what {@link FrameEncoder} writes and what {@link FrameDecoder} hands over.
 *
 * @param flags the {@link FrameFlags}: none, {@link FrameFlags#REQUEST}, {@link FrameFlags#REPLY} or
 *     {@link FrameFlags#ERROR_REPLY}
 * @param correlationId pairs a reply with its request; any value for one-way messages
 * @param destination the name the receiver dispatches on; may be empty for replies
 * @param headers string headers in the order they travel; keys are not empty
 */
public record FrameHeader(int flags, long correlationId, String destination, Map<String, String> headers)
{
    public FrameHeader
    {
        final String flagsProblem = FrameFlags.problem(flags);
        if (flagsProblem != null)
        {
            throw new IllegalArgumentException(flagsProblem);
        }
        // a char takes at most 3 bytes of UTF-8 (a surrogate pair 4 for two): only a long name needs counting
        final int destinationLength = destination.length() <= FrameDescriptor.MAX_DESTINATION_LENGTH / 3
            ? destination.length() : Utf8.encodedLength(destination);
        if (destinationLength > FrameDescriptor.MAX_DESTINATION_LENGTH)
        {
            throw new IllegalArgumentException("destination '" + destination + "' is " + destinationLength
                + " bytes of UTF-8; the frame format allows " + FrameDescriptor.MAX_DESTINATION_LENGTH);
        }
        if (headers.isEmpty())
        {
            headers = Map.of();
        }
        else
        {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            headers.forEach(FrameHeader::checkHeader);
        }
    }

    /** A one-way message without headers. */
    public static FrameHeader oneWay(final String destination)
    {
        return new FrameHeader(FrameFlags.NONE, 0L, destination, Map.of());
    }

    /** Whether the sender expects a reply. */
    public boolean isRequest()
    {
        return (flags & FrameFlags.REQUEST) != 0;
    }

    /** Whether this answers a request, successfully or not. */
    public boolean isReply()
    {
        return (flags & (FrameFlags.REPLY | FrameFlags.ERROR_REPLY)) != 0;
    }

    /** Whether this answers a request with an error. */
    public boolean isErrorReply()
    {
        return (flags & FrameFlags.ERROR_REPLY) != 0;
    }

    private static void checkHeader(final String key, final String value)
    {
        if (key.isEmpty())
        {
            throw new IllegalArgumentException("header keys must not be empty");
        }
        Objects.requireNonNull(value, () -> "header '" + key + "' has no value");
    }
}

package io.rdmaspring.boot.frame;

/**
 * What could still be read of a frame {@link FrameDecoder} rejected: its fixed preamble (the first
 * {@link FrameDescriptor#PREAMBLE_LENGTH} bytes, the same in every version) and, when it decodes, its destination.
 * Enough to send the sender an error reply naming what was wrong, so that its message is reported failed rather
 * than lost.
 *
 * @param flags the flags byte as received, possibly invalid
 * @param correlationId the correlation id the sender put in the frame
 * @param destination the destination when its length and UTF-8 were readable within the limits, else empty
 */
public record RejectedFrame(int flags, long correlationId, String destination)
{
    /**
     * Whether the frame claims to be a reply or an error reply. Such a frame is never answered: an error reply to a
     * broken reply could bounce between two broken peers forever.
     */
    public boolean claimsReply()
    {
        return (flags & (FrameFlags.REPLY | FrameFlags.ERROR_REPLY)) != 0;
    }
}

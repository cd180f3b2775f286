package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;

/** Receives the frames {@link FrameDecoder} reads. */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * Called once for a valid frame.
     *
     * @param header the decoded header
     * @param payload a read-only view of the payload from position 0 to its limit, not a copy: it is valid only
     *     during this call, because the memory behind it receives the next message afterwards
     */
    void onFrame(FrameHeader header, ByteBuffer payload);
}

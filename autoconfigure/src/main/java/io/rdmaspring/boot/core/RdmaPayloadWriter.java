package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;

/**
 * Writes a message's payload straight into a leased registered send buffer: the zero-copy way to send.
 */
@FunctionalInterface
public interface RdmaPayloadWriter
{
    /**
     * Writes the payload with absolute puts at {@code offset} of {@code buffer} (registered memory shared with other
     * senders: stay within {@code [offset, offset + capacity)} and leave position and limit alone).
     *
     * @return how many bytes were written, at most {@code capacity}
     */
    int write(ByteBuffer buffer, int offset, int capacity);
}

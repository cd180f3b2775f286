package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;


import io.rdmaspring.boot.frame.FrameEncoder;
import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.verbs.RdmaConnection;

/**
 * Encodes frames into leased send buffers and posts them, waiting while the peer holds the sender back. The only
 * copy is the payload into registered memory (none with {@link #sendDirect}).
 */
final class FrameSender
{
    private final FrameEncoder encoder;

    FrameSender(final FrameLimits limits)
    {
        this.encoder = new FrameEncoder(limits);
    }

    /** Sends {@code payload}'s remaining bytes; returns the message's sequence number on the connection. */
    long send(final RdmaConnection connection, final FrameHeader header, final ByteBuffer payload,
        final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        final int slot = acquire(connection, header, deadline, timeoutNanos);
        final int length;
        try
        {
            length = encoder.encode(connection.sendBuffer(), connection.sendOffset(slot), connection.maxMessageSize(),
                header, payload);
        }
        catch (final IllegalArgumentException ex)
        {
            connection.release(slot);
            throw tooLarge(header, ex);
        }
        return post(connection, header, slot, length, payload.remaining(), deadline, timeoutNanos);
    }

    /** Sends a payload the writer puts straight into the registered buffer. */
    long sendDirect(final RdmaConnection connection, final FrameHeader header, final RdmaPayloadWriter writer,
        final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        final int headerLength;
        try
        {
            headerLength = encoder.frameLength(header, 0);
        }
        catch (final IllegalArgumentException ex)
        {
            throw tooLarge(header, ex);
        }
        final int capacity = Math.min(connection.maxMessageSize(), encoder.limits().maxFrameLength()) - headerLength;
        final int slot = acquire(connection, header, deadline, timeoutNanos);
        final ByteBuffer buffer = connection.sendBuffer();
        final int offset = connection.sendOffset(slot);
        final int payloadLength;
        try
        {
            payloadLength = writer.write(buffer, offset + headerLength, capacity);
        }
        catch (final RuntimeException ex)
        {
            connection.release(slot);
            throw ex;
        }
        if (payloadLength < 0 || payloadLength > capacity)
        {
            connection.release(slot);
            throw new RdmaDeliveryException("The payload writer for " + header.destination() + " returned "
                + payloadLength + " bytes; it may write 0 to " + capacity + " bytes.");
        }
        final int written = encoder.encodeHeader(buffer, offset, headerLength + payloadLength, header, payloadLength);
        final int length = written < 0 ? written : written + payloadLength;
        return post(connection, header, slot, length, payloadLength, deadline, timeoutNanos);
    }

    private static RdmaDeliveryException tooLarge(final FrameHeader header, final IllegalArgumentException ex)
    {
        return new RdmaDeliveryException("A message to '" + header.destination() + "' breaks the frame limits: "
            + ex.getMessage() + ". Send less, or raise rdma.max-message-size / rdma.frame.* on both sides.", ex);
    }

    private static int acquire(final RdmaConnection connection, final FrameHeader header, final long deadline,
        final long timeoutNanos)
    {
        for (int attempt = 0; ; attempt++)
        {
            final int slot = connection.acquire();
            if (slot >= 0)
            {
                return slot;
            }
            check(connection, header, slot, deadline, timeoutNanos);
            Backoff.idle(attempt);
        }
    }

    private long post(final RdmaConnection connection, final FrameHeader header, final int slot, final int length,
        final int payloadLength, final long deadline, final long timeoutNanos)
    {
        if (length < 0)
        {
            connection.release(slot);
            throw new RdmaDeliveryException("A message of " + payloadLength + " payload bytes to '"
                + header.destination() + "' does not fit in one frame: the connection with " + connection.peer()
                + " takes frames up to " + connection.maxMessageSize() + " bytes, the limit is "
                + encoder.limits().maxPayloadLength() + " payload bytes (rdma.max-message-size, on both sides).");
        }
        for (int attempt = 0; ; attempt++)
        {
            final long sequence = connection.send(slot, length);
            if (sequence > 0)
            {
                return sequence;
            }
            if (sequence != RdmaConnection.BACK_PRESSURED || System.nanoTime() - deadline >= 0)
            {
                connection.release(slot);
            }
            check(connection, header, sequence, deadline, timeoutNanos);
            Backoff.idle(attempt);
        }
    }

    private static void check(final RdmaConnection connection, final FrameHeader header, final long code,
        final long deadline, final long timeoutNanos)
    {
        if (code == RdmaConnection.NOT_CONNECTED)
        {
            final Throwable cause = connection.failure();
            throw new RdmaDeliveryException("Cannot send to '" + header.destination() + "': the connection with "
                + connection.peer() + " is " + connection.state().name().toLowerCase()
                + (cause == null ? "" : " (" + cause.getMessage() + ")") + ". The next send reconnects.", cause);
        }
        if (code == RdmaConnection.MESSAGE_TOO_LARGE)
        {
            throw new RdmaDeliveryException("A message to '" + header.destination() + "' exceeds the "
                + connection.maxMessageSize() + "-byte frames the connection with " + connection.peer()
                + " accepts; raise rdma.max-message-size on both sides or send less.");
        }
        if (System.nanoTime() - deadline >= 0)
        {
            throw new RdmaBackPressureException("Could not send to '" + header.destination() + "' on "
                + connection.peer() + " within " + timeoutNanos / 1_000_000 + " ms: the receiver has not processed "
                + "earlier messages (it holds the sender back). Check that its listener keeps up, or raise "
                + "rdma.reply-timeout.");
        }
    }
}

package io.rdmaspring.verbs;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Receives what happens on an {@link RdmaConnection}, on the thread that polls it.
 */
@FunctionalInterface
public interface MessageHandler
{
    /**
     * A message arrived. {@code buffer} is the registered receive memory itself (no copy): the message is the
     * {@code length} bytes at {@code offset}, valid only during this call. Returning acknowledges it to the sender,
     * unless the handler called {@link RdmaConnection#defer()}: then the view stays valid, and the message
     * unacknowledged, until {@link RdmaConnection#complete(long)}. Throwing fails the connection.
     */
    void onMessage(RdmaConnection connection, ByteBuffer buffer, int offset, int length);

    /** The peer processed every message this side sent up to sequence number {@code sequence}. */
    default void onAcknowledged(final RdmaConnection connection, final long sequence)
    {
    }

    /**
     * The connection ended: gracefully when {@code cause} is null, else because of it. Messages with sequence
     * numbers above {@code acknowledged} were not confirmed processed and count as failed.
     */
    default void onClosed(final RdmaConnection connection, final @Nullable Throwable cause, final long acknowledged)
    {
    }
}

package io.rdmaspring.boot.core;

import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.Message;

import io.rdmaspring.verbs.RdmaConnection;

/** A request waiting for its reply: completes with the reply, or fails. */
final class PendingReply extends CompletableFuture<Message<byte[]>>
{
    final RdmaDestination destination;
    final long startNanos;
    /** The peer that expects the reply under {@link #correlationId}. */
    final OutboundConnection peer;
    final long correlationId;
    /** The connection the request went out on, which the reply comes back on. */
    final RdmaConnection connection;

    PendingReply(final RdmaDestination destination, final long startNanos, final OutboundConnection peer,
        final long correlationId, final RdmaConnection connection)
    {
        this.destination = destination;
        this.startNanos = startNanos;
        this.peer = peer;
        this.correlationId = correlationId;
        this.connection = connection;
    }
}

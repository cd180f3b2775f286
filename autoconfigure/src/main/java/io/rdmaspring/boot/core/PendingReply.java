package io.rdmaspring.boot.core;

import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.Message;

import io.rdmaspring.verbs.RdmaConnection;

/** A request waiting for its reply: completes with the reply, or fails. */
final class PendingReply extends CompletableFuture<Message<byte[]>>
{
    final String destination;
    final long startNanos;
    /** The connection the request went out on, which the reply comes back on. */
    final RdmaConnection connection;

    PendingReply(final String destination, final long startNanos, final RdmaConnection connection)
    {
        this.destination = destination;
        this.startNanos = startNanos;
        this.connection = connection;
    }
}

package io.rdmaspring.boot.core;

import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.Message;

/** A request waiting for its reply. */
final class PendingReply
{
    final String destination;
    final long startNanos;
    final CompletableFuture<Message<byte[]>> future = new CompletableFuture<>();

    PendingReply(final String destination, final long startNanos)
    {
        this.destination = destination;
        this.startNanos = startNanos;
    }
}

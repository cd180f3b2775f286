package io.rdmaspring.boot.core;

import java.util.concurrent.CompletableFuture;

/** A send whose caller waits for the peer to confirm it processed the message. */
final class PendingSend
{
    final String destination;
    final long correlationId;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    long sequence;

    PendingSend(final String destination, final long correlationId)
    {
        this.destination = destination;
        this.correlationId = correlationId;
    }
}

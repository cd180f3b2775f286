package io.rdmaspring.sample;

/** The consumer's answer to an {@link Order}; {@code handledBy} is the producer's address as the consumer saw it. */
public record Confirmation(long orderId, String status, long totalCents, String handledBy)
{
    public static final String ACCEPTED = "accepted";
}

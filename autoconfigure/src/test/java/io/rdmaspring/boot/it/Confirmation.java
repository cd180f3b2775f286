package io.rdmaspring.boot.it;

/** The reply to an {@link Order}. */
public record Confirmation(long orderId, String status, String handledBy)
{
}

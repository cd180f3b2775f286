package io.rdmaspring.boot.core;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessagingException;

/**
 * A message could not be sent, or the peer did not confirm processing it. The message says why and what to do.
 * <p>
 * {@link #mayHaveBeenProcessed()} tells the two apart: false when the message never left this process (no connection,
 * the client is stopped), true when it was posted and the connection ended before the peer's confirmation came back.
 * Then the listener may or may not have processed it, and only the application can find out which (for example by
 * an idempotent retry).
 */
public class RdmaDeliveryException extends MessagingException
{
    private final boolean mayHaveBeenProcessed;

    public RdmaDeliveryException(final String description)
    {
        this(description, null, false);
    }

    public RdmaDeliveryException(final String description, final @Nullable Throwable cause)
    {
        this(description, cause, false);
    }

    /**
     * @param mayHaveBeenProcessed whether the message was posted to the peer before the failure, so that its listener
     *     may have processed it
     */
    public RdmaDeliveryException(final String description, final @Nullable Throwable cause,
        final boolean mayHaveBeenProcessed)
    {
        super(description, cause);
        this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /**
     * Whether the peer may have processed the message although this failure was reported: the message was posted and
     * the connection ended before the confirmation arrived. False means the listener never saw it.
     */
    public boolean mayHaveBeenProcessed()
    {
        return mayHaveBeenProcessed;
    }
}

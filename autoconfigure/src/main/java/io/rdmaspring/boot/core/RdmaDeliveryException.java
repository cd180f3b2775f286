package io.rdmaspring.boot.core;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessagingException;

/** A message could not be sent, or the peer did not confirm processing it. The message says why and what to do. */
public class RdmaDeliveryException extends MessagingException
{
    public RdmaDeliveryException(final String description)
    {
        super(description);
    }

    public RdmaDeliveryException(final String description, final @Nullable Throwable cause)
    {
        super(description, cause);
    }
}

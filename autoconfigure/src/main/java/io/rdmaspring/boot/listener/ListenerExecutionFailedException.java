package io.rdmaspring.boot.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/** A listener threw while handling a message; the cause is what it threw. */
public class ListenerExecutionFailedException extends MessagingException
{
    private final String listenerId;

    public ListenerExecutionFailedException(final String listenerId, final Message<?> message, final Throwable cause)
    {
        super(message, "Listener '" + listenerId + "' failed: " + cause, cause);
        this.listenerId = listenerId;
    }

    public String getListenerId()
    {
        return listenerId;
    }
}

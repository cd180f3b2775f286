package io.rdmaspring.boot.listener.adapter;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A listener method could not be called because an argument could not be made from the message: the payload did
 * not convert to the parameter's type or failed validation, or a header was missing or did not convert. The message
 * names the listener, the parameter and what was wrong, and it is what a requester's {@code RemoteRdmaException}
 * reports.
 */
public class ListenerArgumentException extends MessagingException
{
    private final String listenerId;

    public ListenerArgumentException(
        final Message<?> message, final String listenerId, final String description, final Throwable cause)
    {
        super(message, "Listener '" + listenerId + "' " + description, cause);
        this.listenerId = listenerId;
    }

    public String getListenerId()
    {
        return listenerId;
    }
}

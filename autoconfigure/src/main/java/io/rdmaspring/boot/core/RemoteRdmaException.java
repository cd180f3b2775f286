package io.rdmaspring.boot.core;

import org.springframework.messaging.MessagingException;

/**
 * The remote side could not process a message: its listener threw, or nothing there serves the destination.
 * Carries the remote exception's class name and message; the remote stack trace stays on the remote side.
 */
public class RemoteRdmaException extends MessagingException
{
    private final String remoteType;
    private final String remoteMessage;
    private final String destination;

    public RemoteRdmaException(final String destination, final String remoteType, final String remoteMessage)
    {
        super(destination + " failed remotely: " + remoteType + ": " + remoteMessage);
        this.destination = destination;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    /** The class name of the exception on the remote side. */
    public String getRemoteType()
    {
        return remoteType;
    }

    /** The message of the exception on the remote side. */
    public String getRemoteMessage()
    {
        return remoteMessage;
    }

    /** Where the message was sent, as {@code rdma://host:port/name}. */
    public String getDestination()
    {
        return destination;
    }
}

package io.rdmaspring.boot.core;

/** A request got no reply within its reply timeout. */
public class RdmaReplyTimeoutException extends RdmaDeliveryException
{
    public RdmaReplyTimeoutException(final String description)
    {
        super(description);
    }
}

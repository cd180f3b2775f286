package io.rdmaspring.boot.core;

/** Nothing at the receiving service serves the destination: no listener, or its listener is stopped. */
public class UnknownDestinationException extends RdmaDeliveryException
{
    public UnknownDestinationException(final String description)
    {
        super(description);
    }
}

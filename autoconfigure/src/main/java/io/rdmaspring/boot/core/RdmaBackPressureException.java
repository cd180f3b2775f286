package io.rdmaspring.boot.core;

/** The receiver held the sender back (it had not processed earlier messages) until the send's time ran out. */
public class RdmaBackPressureException extends RdmaDeliveryException
{
    public RdmaBackPressureException(final String description)
    {
        super(description);
    }
}

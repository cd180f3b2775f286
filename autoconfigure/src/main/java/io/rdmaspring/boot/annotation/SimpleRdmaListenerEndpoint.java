package io.rdmaspring.boot.annotation;

import org.springframework.messaging.converter.MessageConverter;

import io.rdmaspring.boot.core.RdmaMessageListener;

/**
 * An endpoint for a listener written in code, to register through an {@link RdmaListenerConfigurer}:
 * {@code registrar.registerEndpoint(new SimpleRdmaListenerEndpoint("echo", "echo", message -> message))}. The
 * listener gets the raw message (a read-only {@code ByteBuffer} view) and converts nothing.
 */
public class SimpleRdmaListenerEndpoint extends AbstractRdmaListenerEndpoint
{
    private final RdmaMessageListener listener;

    public SimpleRdmaListenerEndpoint(final String id, final String destination, final RdmaMessageListener listener)
    {
        super(id, destination);
        this.listener = listener;
    }

    @Override
    public RdmaMessageListener createMessageListener(final MessageConverter converter)
    {
        return listener;
    }

    @Override
    public String toString()
    {
        return "endpoint '" + getId() + "' (" + listener + ")";
    }
}

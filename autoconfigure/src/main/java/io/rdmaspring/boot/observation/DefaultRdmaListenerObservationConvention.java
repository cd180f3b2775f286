package io.rdmaspring.boot.observation;

import io.micrometer.common.KeyValues;

/** Tags {@code destination}, {@code peer} and {@code kind}; the span is named {@code <destination> process}. */
public class DefaultRdmaListenerObservationConvention implements RdmaListenerObservationConvention
{
    public static final DefaultRdmaListenerObservationConvention INSTANCE = new DefaultRdmaListenerObservationConvention();

    @Override
    public String getContextualName(final RdmaReceiverContext context)
    {
        return context.message().destination() + " process";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(final RdmaReceiverContext context)
    {
        return context.message().keyValues();
    }
}

package io.rdmaspring.boot.observation;

import io.micrometer.common.KeyValues;

/** Tags {@code destination}, {@code peer} and {@code kind}; the span is named {@code <destination> send}. */
public class DefaultRdmaTemplateObservationConvention implements RdmaTemplateObservationConvention
{
    public static final DefaultRdmaTemplateObservationConvention INSTANCE = new DefaultRdmaTemplateObservationConvention();

    @Override
    public String getContextualName(final RdmaSenderContext context)
    {
        return context.message().destination() + " send";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(final RdmaSenderContext context)
    {
        return context.message().keyValues();
    }
}

package io.rdmaspring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags of {@link RdmaObservationDocumentation#TEMPLATE_OBSERVATION}; a bean of this type replaces them. */
public interface RdmaTemplateObservationConvention extends ObservationConvention<RdmaSenderContext>
{
    String NAME = "rdma.template";

    @Override
    default boolean supportsContext(final Observation.Context context)
    {
        return context instanceof RdmaSenderContext;
    }

    @Override
    default String getName()
    {
        return NAME;
    }
}

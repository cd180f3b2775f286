package io.rdmaspring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags of {@link RdmaObservationDocumentation#LISTENER_OBSERVATION}; a bean of this type replaces them. */
public interface RdmaListenerObservationConvention extends ObservationConvention<RdmaReceiverContext>
{
    String NAME = "rdma.listener";

    @Override
    default boolean supportsContext(final Observation.Context context)
    {
        return context instanceof RdmaReceiverContext;
    }

    @Override
    default String getName()
    {
        return NAME;
    }
}

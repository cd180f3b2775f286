package io.rdmaspring.boot.observation;

import io.micrometer.common.KeyValues;

import static io.rdmaspring.boot.observation.RdmaObservationDocumentation.LowCardinalityKeyNames.DESTINATION;
import static io.rdmaspring.boot.observation.RdmaObservationDocumentation.LowCardinalityKeyNames.KIND;
import static io.rdmaspring.boot.observation.RdmaObservationDocumentation.LowCardinalityKeyNames.PEER;

/** The low-cardinality tags both default conventions give. */
final class RdmaKeyValues
{
    private RdmaKeyValues()
    {
    }

    static KeyValues of(final String destination, final String peer, final String kind)
    {
        return KeyValues.of(DESTINATION.withValue(destination), PEER.withValue(peer), KIND.withValue(kind));
    }
}

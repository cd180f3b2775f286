package io.rdmaspring.boot.observation;

import io.micrometer.common.KeyValues;

import static io.rdmaspring.boot.observation.RdmaObservationDocumentation.LowCardinalityKeyNames.DESTINATION;
import static io.rdmaspring.boot.observation.RdmaObservationDocumentation.LowCardinalityKeyNames.KIND;
import static io.rdmaspring.boot.observation.RdmaObservationDocumentation.LowCardinalityKeyNames.PEER;

/**
 * What both observations know of a message.
 *
 * @param destination the destination name it is sent to or arrived for
 * @param peer        the other side as the application names it, e.g. {@code host:port} of a route; for a listener
 *                    not the sender's ephemeral port, which would make every connection a new tag
 * @param kind        {@link RdmaObservationDocumentation#ONE_WAY} or {@link RdmaObservationDocumentation#REQUEST}
 */
public record RdmaObservedMessage(String destination, String peer, String kind)
{
    /** The low-cardinality tags the default conventions give: destination, peer and kind. */
    public KeyValues keyValues()
    {
        return KeyValues.of(DESTINATION.withValue(destination), PEER.withValue(peer), KIND.withValue(kind));
    }
}

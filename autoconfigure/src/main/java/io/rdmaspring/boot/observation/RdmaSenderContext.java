package io.rdmaspring.boot.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * A message the template sends. The carrier is the outgoing frame's header map: propagating handlers (tracing) put
 * their headers into it when the observation starts, so create the context before the frame is encoded.
 */
public class RdmaSenderContext extends SenderContext<Map<String, String>>
{
    private final RdmaObservedMessage message;

    /** A one-way message to {@code destination} served by {@code peer}; {@code headers} must be modifiable. */
    public RdmaSenderContext(final Map<String, String> headers, final String destination, final String peer)
    {
        this(headers, destination, peer, RdmaObservationDocumentation.ONE_WAY);
    }

    /** A message of {@code kind}: {@link RdmaObservationDocumentation#ONE_WAY} or {@code REQUEST}. */
    public RdmaSenderContext(final Map<String, String> headers, final String destination, final String peer,
        final String kind)
    {
        super(Map::put, Kind.PRODUCER);
        setCarrier(headers);
        setRemoteServiceAddress(peer);
        this.message = new RdmaObservedMessage(destination, peer, kind);
    }

    public RdmaObservedMessage message()
    {
        return message;
    }
}

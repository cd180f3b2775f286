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
    private final String destination;
    private final String peer;
    private final String kind;

    /** A one-way message. */
    public RdmaSenderContext(final Map<String, String> headers, final String destination, final String peer)
    {
        this(headers, destination, peer, RdmaObservationDocumentation.ONE_WAY);
    }

    /**
     * @param headers     the outgoing frame's headers, modifiable
     * @param destination the destination name
     * @param peer        the receiving side, e.g. {@code host:port}
     * @param kind        {@link RdmaObservationDocumentation#ONE_WAY} or {@link RdmaObservationDocumentation#REQUEST}
     */
    public RdmaSenderContext(final Map<String, String> headers, final String destination, final String peer,
        final String kind)
    {
        super(Map::put, Kind.PRODUCER);
        setCarrier(headers);
        setRemoteServiceAddress(peer);
        this.destination = destination;
        this.peer = peer;
        this.kind = kind;
    }

    public String destination()
    {
        return destination;
    }

    public String peer()
    {
        return peer;
    }

    public String kind()
    {
        return kind;
    }
}

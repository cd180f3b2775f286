package io.rdmaspring.boot.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * A message handed to a listener. The carrier is the incoming frame's header map, from which propagating handlers
 * (tracing) read the sender's context.
 */
public class RdmaReceiverContext extends ReceiverContext<Map<String, String>>
{
    private final String destination;
    private final String peer;
    private final String kind;

    /** A one-way message. */
    public RdmaReceiverContext(final Map<String, String> headers, final String destination, final String peer)
    {
        this(headers, destination, peer, RdmaObservationDocumentation.ONE_WAY);
    }

    /**
     * @param headers     the incoming frame's headers
     * @param destination the destination name the message arrived for
     * @param peer        the sending side; not its ephemeral port, which would make every connection a new tag
     * @param kind        {@link RdmaObservationDocumentation#ONE_WAY} or {@link RdmaObservationDocumentation#REQUEST}
     */
    public RdmaReceiverContext(final Map<String, String> headers, final String destination, final String peer,
        final String kind)
    {
        super(Map::get, Kind.CONSUMER);
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

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
    private final RdmaObservedMessage message;

    /** A one-way message that arrived for {@code destination} from {@code peer}. */
    public RdmaReceiverContext(final Map<String, String> headers, final String destination, final String peer)
    {
        this(headers, destination, peer, RdmaObservationDocumentation.ONE_WAY);
    }

    /** A message of {@code kind}: {@link RdmaObservationDocumentation#ONE_WAY} or {@code REQUEST}. */
    public RdmaReceiverContext(final Map<String, String> headers, final String destination, final String peer,
        final String kind)
    {
        super(Map::get, Kind.CONSUMER);
        setCarrier(headers);
        setRemoteServiceAddress(peer);
        this.message = new RdmaObservedMessage(destination, peer, kind);
    }

    public RdmaObservedMessage message()
    {
        return message;
    }
}

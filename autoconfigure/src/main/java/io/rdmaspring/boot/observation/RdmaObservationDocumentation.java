package io.rdmaspring.boot.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of RDMA messaging. The template wraps each send and the listener container each listener
 * invocation:
 * <pre>{@code
 * // RdmaTemplate: headers is the outgoing frame's header map; trace handlers add their headers to it in start
 * RdmaObservationDocumentation.TEMPLATE_OBSERVATION
 *     .observation(customConvention, DefaultRdmaTemplateObservationConvention.INSTANCE,
 *         () -> new RdmaSenderContext(headers, destination, peer), registry)
 *     .observe(() -> send(frame));
 *
 * // listener container: headers is the incoming frame's header map, from which trace handlers read theirs
 * RdmaObservationDocumentation.LISTENER_OBSERVATION
 *     .observation(customConvention, DefaultRdmaListenerObservationConvention.INSTANCE,
 *         () -> new RdmaReceiverContext(headers, destination, peer), registry)
 *     .observe(() -> listener.onMessage(message));
 * }</pre>
 * {@code customConvention} is the application's {@link RdmaTemplateObservationConvention} or
 * {@link RdmaListenerObservationConvention} bean, or {@code null}. With {@code rdma.observation.enabled=false} (the
 * default) pass {@code ObservationRegistry.NOOP}: the context supplier is then not called and nothing is allocated.
 */
public enum RdmaObservationDocumentation implements ObservationDocumentation
{
    /** A message sent by the template: {@code rdma.template}, kind PRODUCER. */
    TEMPLATE_OBSERVATION(RdmaTemplateObservationConvention.NAME, DefaultRdmaTemplateObservationConvention.class),

    /** A message handed to a listener: {@code rdma.listener}, kind CONSUMER. */
    LISTENER_OBSERVATION(RdmaListenerObservationConvention.NAME, DefaultRdmaListenerObservationConvention.class);

    /** The {@code kind} of a message no reply is expected to. */
    public static final String ONE_WAY = "one-way";
    /** The {@code kind} of a request, whose sender waits for a reply. */
    public static final String REQUEST = "request";

    private final String name;
    private final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention;

    RdmaObservationDocumentation(final String name,
        final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention)
    {
        this.name = name;
        this.defaultConvention = defaultConvention;
    }

    @Override
    public String getName()
    {
        return name;
    }

    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention()
    {
        return defaultConvention;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames()
    {
        return LowCardinalityKeyNames.values();
    }

    /** The tags of both observations. */
    public enum LowCardinalityKeyNames implements KeyName
    {
        /** The destination name the message is sent to or arrived for. */
        DESTINATION("destination"),
        /** The remote side as the application names it, e.g. {@code host:port} of a route. */
        PEER("peer"),
        /** {@link RdmaObservationDocumentation#ONE_WAY} or {@link RdmaObservationDocumentation#REQUEST}. */
        KIND("kind");

        private final String key;

        LowCardinalityKeyNames(final String key)
        {
            this.key = key;
        }

        @Override
        public String asString()
        {
            return key;
        }
    }
}

package io.rdmaspring.boot.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.backoff.BackOff;

import io.micrometer.observation.ObservationRegistry;
import io.rdmaspring.boot.core.RdmaMetrics;
import io.rdmaspring.boot.observation.RdmaListenerObservationConvention;
import io.rdmaspring.boot.core.RdmaServer;

/**
 * Builds {@link RdmaMessageListenerContainer}s with shared defaults; an endpoint's own concurrency, auto-startup and
 * error handler win over them. The auto-configuration registers one as {@code rdmaListenerContainerFactory}.
 */
public class DefaultRdmaListenerContainerFactory implements RdmaListenerContainerFactory<RdmaMessageListenerContainer>
{
    private final RdmaServer server;
    private final MessageConverter converter;
    private final RdmaReplyForwarder forwarder;
    private int concurrency = 1;
    private boolean autoStartup = true;
    private @Nullable RdmaListenerErrorHandler errorHandler;
    private @Nullable BackOff backOff;
    private RdmaMetrics metrics = RdmaMetrics.NONE;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private @Nullable RdmaListenerObservationConvention observationConvention;

    public DefaultRdmaListenerContainerFactory(final RdmaServer server, final MessageConverter converter,
        final RdmaReplyForwarder forwarder)
    {
        this.server = server;
        this.converter = converter;
        this.forwarder = forwarder;
    }

    public void setConcurrency(final int concurrency)
    {
        this.concurrency = concurrency;
    }

    public void setAutoStartup(final boolean autoStartup)
    {
        this.autoStartup = autoStartup;
    }

    public void setErrorHandler(final @Nullable RdmaListenerErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }

    public void setBackOff(final @Nullable BackOff backOff)
    {
        this.backOff = backOff;
    }

    public void setMetrics(final RdmaMetrics metrics)
    {
        this.metrics = metrics;
    }

    public void setObservationRegistry(final ObservationRegistry observationRegistry)
    {
        this.observationRegistry = observationRegistry;
    }

    public void setObservationConvention(final @Nullable RdmaListenerObservationConvention observationConvention)
    {
        this.observationConvention = observationConvention;
    }

    public MessageConverter getMessageConverter()
    {
        return converter;
    }

    @Override
    public RdmaMessageListenerContainer createListenerContainer(final RdmaListenerEndpoint endpoint)
    {
        final Integer endpointConcurrency = endpoint.getConcurrency();
        final RdmaMessageListenerContainer container = new RdmaMessageListenerContainer(server, endpoint.getId(),
            endpoint.getDestination(), endpoint.createMessageListener(converter),
            endpointConcurrency != null ? endpointConcurrency : concurrency, converter, forwarder);
        final Boolean endpointAutoStartup = endpoint.getAutoStartup();
        container.setAutoStartup(endpointAutoStartup != null ? endpointAutoStartup : autoStartup);
        final RdmaListenerErrorHandler endpointErrorHandler = endpoint.getErrorHandler();
        container.setErrorHandler(endpointErrorHandler != null ? endpointErrorHandler : errorHandler);
        container.setBackOff(backOff);
        container.setMetrics(metrics);
        container.setObservationRegistry(observationRegistry);
        container.setObservationConvention(observationConvention);
        return container;
    }
}

package io.rdmaspring.boot.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import io.micrometer.observation.ObservationRegistry;
import io.rdmaspring.boot.converter.ByteBufferJsonMessageConverter;
import io.rdmaspring.boot.converter.RdmaMessageConverter;
import io.rdmaspring.boot.core.RdmaClient;
import io.rdmaspring.boot.core.RdmaPolling;
import io.rdmaspring.boot.core.RdmaDestinationResolver;
import io.rdmaspring.boot.core.RdmaMetrics;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.boot.core.RdmaTemplateCustomizer;
import io.rdmaspring.boot.listener.DefaultRdmaListenerContainerFactory;
import io.rdmaspring.boot.listener.RdmaListenerContainerFactoryCustomizer;
import io.rdmaspring.boot.observation.RdmaListenerObservationConvention;
import io.rdmaspring.boot.observation.RdmaTemplateObservationConvention;
import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.VerbsContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * RDMA messaging: opens the device ({@code rdma.device}, else the first with an ACTIVE port) once, and builds on it
 * the {@link RdmaClient} and {@link RdmaTemplate} for sending and the {@link RdmaServer} and listener container
 * factory for {@code @RdmaListener} methods. Every bean backs off when the application defines its own.
 * <p>
 * Shutdown order: listener containers stop first (the registry's phase), then client and server close their
 * connections gracefully, then the device closes.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(VerbsContext.class)
@EnableConfigurationProperties(RdmaProperties.class)
@io.rdmaspring.boot.annotation.EnableRdma
public class RdmaAutoConfiguration
{
    /** A send connection and a receive connection, to check memlock before anything is registered. */
    private static final int CONNECTIONS_CHECKED_UP_FRONT = 2;

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RdmaResources rdmaResources(final RdmaProperties properties)
    {
        final ConnectionConfig config = connectionConfig(properties);
        return RdmaResources.open(properties.getDevice(), properties.getPort(), properties.getGidIndex(),
            CONNECTIONS_CHECKED_UP_FRONT * config.pinnedBytesPerConnection());
    }

    @Bean
    @ConditionalOnMissingBean
    RdmaDestinationResolver rdmaDestinationResolver(final RdmaProperties properties)
    {
        return new RdmaDestinationResolver(properties.getRoutes());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RdmaClient rdmaClient(final RdmaResources resources, final RdmaProperties properties,
        final ObjectProvider<RdmaMetrics> metrics)
    {
        return new RdmaClient(resources, connectionConfig(properties), properties.toFrameLimits(),
            metrics.getIfAvailable(() -> RdmaMetrics.NONE), polling(properties));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RdmaServer rdmaServer(final RdmaResources resources, final RdmaProperties properties,
        final ObjectProvider<RdmaMetrics> metrics)
    {
        return new RdmaServer(resources, connectionConfig(properties), listenAddress(resources, properties),
            properties.toFrameLimits(), metrics.getIfAvailable(() -> RdmaMetrics.NONE), properties.getReplyTimeout(),
            polling(properties));
    }

    @Bean
    @ConditionalOnMissingBean(MessageConverter.class)
    MessageConverter rdmaMessageConverter()
    {
        return RdmaMessageConverter.defaultConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    RdmaTemplate rdmaTemplate(final RdmaClient client, final RdmaDestinationResolver destinations,
        final RdmaProperties properties, final MessageConverter rdmaMessageConverter,
        final ObjectProvider<ObservationRegistry> observationRegistry,
        final ObjectProvider<RdmaTemplateObservationConvention> observationConvention,
        final ObjectProvider<RdmaTemplateCustomizer> customizers)
    {
        final RdmaTemplate template = new RdmaTemplate(client, destinations);
        template.setObservationRegistry(observationRegistry(properties, observationRegistry));
        template.setObservationConvention(observationConvention.getIfAvailable());
        template.setMessageConverter(rdmaMessageConverter);
        template.setReplyTimeout(properties.getReplyTimeout());
        template.setSendTimeout(properties.getReplyTimeout());
        final String defaultDestination = properties.getTemplate().getDefaultDestination();
        if (defaultDestination != null)
        {
            template.setDefaultDestination(defaultDestination);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(template));
        return template;
    }

    @Bean
    @ConditionalOnMissingBean(name = "rdmaListenerContainerFactory")
    DefaultRdmaListenerContainerFactory rdmaListenerContainerFactory(final RdmaServer server,
        final RdmaTemplate template, final RdmaProperties properties, final MessageConverter rdmaMessageConverter,
        final ObjectProvider<RdmaMetrics> metrics, final ObjectProvider<ObservationRegistry> observationRegistry,
        final ObjectProvider<RdmaListenerObservationConvention> observationConvention,
        final ObjectProvider<RdmaListenerContainerFactoryCustomizer> customizers)
    {
        final DefaultRdmaListenerContainerFactory factory =
            new DefaultRdmaListenerContainerFactory(server, rdmaMessageConverter, template);
        factory.setConcurrency(properties.getListener().getConcurrency());
        factory.setBackOff(backOff(properties.getRetry()));
        factory.setMetrics(metrics.getIfAvailable(() -> RdmaMetrics.NONE));
        factory.setObservationRegistry(observationRegistry(properties, observationRegistry));
        factory.setObservationConvention(observationConvention.getIfAvailable());
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /** With Jackson and a {@code JsonMapper} bean (Boot's), JSON uses that mapper and its configuration. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    @ConditionalOnBean(JsonMapper.class)
    static class JacksonConverterConfiguration
    {
        @Bean
        @ConditionalOnMissingBean(MessageConverter.class)
        MessageConverter rdmaMessageConverter(final JsonMapper jsonMapper)
        {
            return new RdmaMessageConverter(new ByteBufferJsonMessageConverter(jsonMapper));
        }
    }

    private static ObservationRegistry observationRegistry(final RdmaProperties properties,
        final ObjectProvider<ObservationRegistry> registry)
    {
        return properties.getObservation().isEnabled()
            ? registry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
    }

    private static RdmaPolling polling(final RdmaProperties properties)
    {
        return properties.getPollMode() == RdmaProperties.PollMode.BUSY ? RdmaPolling.busyPolling()
            : RdmaPolling.eventDriven(properties.getPollSpin());
    }

    static ConnectionConfig connectionConfig(final RdmaProperties properties)
    {
        final RdmaProperties.Connection connection = properties.getConnection();
        final int sendBuffers = Math.max(1, Math.min(connection.getSendQueueDepth(),
            connection.getBuffers() - connection.getReceiveQueueDepth()));
        return new ConnectionConfig()
            .maxMessageSize(properties.toFrameLimits().maxFrameLength())
            .sendBuffers(sendBuffers)
            .receiveBuffers(connection.getReceiveQueueDepth())
            .connectTimeout(properties.getConnectTimeout())
            .livenessTimeout(connection.getLivenessTimeout())
            .security(properties.getSecurity().toConnectionSecurity())
            .conclude();
    }

    static InetSocketAddress listenAddress(final RdmaResources resources, final RdmaProperties properties)
    {
        final RdmaProperties.Listener listener = properties.getListener();
        final InetAddress gidAddress = resources.gidAddress();
        if (gidAddress != null && "0.0.0.0".equals(listener.getAddress()))
        {
            return new InetSocketAddress(gidAddress, listener.getPort());
        }
        return new InetSocketAddress(listener.getAddress(), listener.getPort());
    }

    static @Nullable BackOff backOff(final RdmaProperties.Retry retry)
    {
        if (!retry.isEnabled())
        {
            return null;
        }
        final ExponentialBackOff backOff = new ExponentialBackOff(retry.getInitialInterval().toMillis(),
            retry.getMultiplier());
        backOff.setMaxInterval(retry.getMaxInterval().toMillis());
        backOff.setMaxAttempts(retry.getMaxAttempts() - 1);
        return backOff;
    }
}

package io.rdmaspring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.rdmaspring.boot.annotation.RdmaListenerEndpointRegistry;
import io.rdmaspring.boot.core.RdmaClient;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.boot.listener.DefaultRdmaListenerContainerFactory;
import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.VerbsContext;

/**
 * The auto-configuration's conditions and property mapping. Beans are left lazy, so nothing opens a device: what
 * works on RDMA is proven by the integration tests in {@code io.rdmaspring.boot.it}.
 */
class RdmaAutoConfigurationTest
{
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RdmaAutoConfiguration.class))
        .withInitializer(context -> context.addBeanFactoryPostProcessor(
            new LazyInitializationBeanFactoryPostProcessor()));

    @Test
    void shouldDefineTheMessagingBeans()
    {
        runner.run(context -> assertThat(context)
            .hasSingleBean(RdmaResources.class)
            .hasSingleBean(RdmaClient.class)
            .hasSingleBean(RdmaServer.class)
            .hasSingleBean(RdmaTemplate.class)
            .hasSingleBean(MessageConverter.class)
            .hasSingleBean(RdmaListenerEndpointRegistry.class)
            .hasSingleBean(DefaultRdmaListenerContainerFactory.class));
    }

    @Test
    void whenVerbsCoreIsMissingThenAutoConfigurationBacksOff()
    {
        runner.withClassLoader(new FilteredClassLoader(VerbsContext.class))
            .run(context -> assertThat(context).doesNotHaveBean(RdmaTemplate.class).doesNotHaveBean(RdmaResources.class));
    }

    @Test
    void whenTheApplicationDefinesATemplateThenItWins()
    {
        runner.withBean("myTemplate", RdmaTemplate.class, () ->
        {
            throw new IllegalStateException("lazy: never created");
        }).run(context -> assertThat(context.getBeanNamesForType(RdmaTemplate.class)).containsExactly("myTemplate"));
    }

    @Test
    void whenTheApplicationDefinesAMessageConverterThenItWins()
    {
        runner.withBean("myConverter", MessageConverter.class, StringMessageConverter::new)
            .run(context -> assertThat(context.getBeanNamesForType(MessageConverter.class))
                .containsExactly("myConverter"));
    }

    @Test
    void whenTheApplicationDefinesAContainerFactoryThenItWins()
    {
        runner.withBean("rdmaListenerContainerFactory", DefaultRdmaListenerContainerFactory.class, () ->
        {
            throw new IllegalStateException("lazy: never created");
        }).run(context -> assertThat(context.getBeanNamesForType(DefaultRdmaListenerContainerFactory.class))
            .containsExactly("rdmaListenerContainerFactory"));
    }

    @Test
    void shouldSizeConnectionsFromTheProperties()
    {
        final RdmaProperties properties = new RdmaProperties();
        properties.getConnection().setReceiveQueueDepth(32);
        properties.getConnection().setSendQueueDepth(48);
        properties.getConnection().setBuffers(64);

        final ConnectionConfig config = RdmaAutoConfiguration.connectionConfig(properties);

        assertThat(config.receiveBuffers()).isEqualTo(32);
        assertThat(config.sendBuffers()).isEqualTo(32);
        assertThat(config.maxMessageSize()).isEqualTo(properties.toFrameLimits().maxFrameLength());
        assertThat(config.connectTimeout()).isEqualTo(properties.getConnectTimeout());
    }

    @Test
    void shouldRetryListenersOnlyWhenRetryIsEnabled()
    {
        final RdmaProperties.Retry retry = new RdmaProperties().getRetry();
        assertThat(RdmaAutoConfiguration.backOff(retry)).isNull();

        retry.setEnabled(true);
        retry.setMaxAttempts(3);
        final ExponentialBackOff backOff = (ExponentialBackOff)RdmaAutoConfiguration.backOff(retry);
        final BackOffExecution execution = backOff.start();

        assertThat(execution.nextBackOff()).isEqualTo(1000);
        assertThat(execution.nextBackOff()).isEqualTo(2000);
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }
}

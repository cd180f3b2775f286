package io.rdmaspring.boot.annotation;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Positive;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import io.rdmaspring.boot.converter.InboundMessages;
import io.rdmaspring.boot.core.RdmaHeaders;
import io.rdmaspring.boot.listener.RdmaListenerContainer;
import io.rdmaspring.boot.listener.RdmaListenerEndpoint;
import io.rdmaspring.boot.listener.RdmaListenerErrorHandler;
import io.rdmaspring.boot.listener.adapter.ListenerArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RdmaListenerAnnotationBeanPostProcessorTest
{
    private static final String ORDER_JSON = "{\"item\":\"disk\",\"quantity\":3}";

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(RdmaConfig.class);

    record Order(String item, @Positive int quantity)
    {
    }

    record Receipt(String item)
    {
    }

    @Test
    void shouldRegisterAnEndpointForEachAnnotatedMethod()
    {
        runner.withUserConfiguration(OrderConfig.class).run(context ->
        {
            final RdmaListenerEndpoint orders = endpoint(context, "orders");
            assertThat(orders.getDestination()).isEqualTo("orders");
            assertThat(orders.getConcurrency()).isEqualTo(3);
            assertThat(orders.getAutoStartup()).isFalse();
            assertThat(orders.getErrorHandler()).isSameAs(context.getBean("logErrors"));
            assertThat(orders).hasToString("RdmaListenerAnnotationBeanPostProcessorTest.OrderListener.on(Order)");
            final RdmaListenerEndpoint audit = endpoint(context, "orderListener.audit");
            assertThat(audit.getDestination()).isEqualTo("audit");
            assertThat(audit.getConcurrency()).isNull();
            assertThat(audit.getAutoStartup()).isNull();
            assertThat(audit.getErrorHandler()).isNull();
            assertThat(((MethodRdmaListenerEndpoint)audit).getSendTo()).isEqualTo("billing");
            assertThat(registry(context).getListenerContainerIds()).containsExactlyInAnyOrder("orders", "orderListener.audit");
        });
    }

    @Test
    void shouldResolvePlaceholdersInDestinationAndSendTo()
    {
        runner.withUserConfiguration(OrderConfig.class)
            .withPropertyValues("app.orders=orders-eu", "app.forward=billing-eu")
            .run(context ->
            {
                assertThat(endpoint(context, "orders").getDestination()).isEqualTo("orders-eu");
                assertThat(((MethodRdmaListenerEndpoint)endpoint(context, "orderListener.audit")).getSendTo())
                    .isEqualTo("billing-eu");
            });
    }

    @Test
    void shouldRunTheMethodFromTheContainersListener()
    {
        runner.withUserConfiguration(OrderConfig.class).run(context ->
        {
            final OrderListener listener = context.getBean(OrderListener.class);
            final Message<?> forwarded = container(context, "orderListener.audit").listener
                .onMessage(InboundMessages.oneWay(ORDER_JSON, Map.of("tenant", "acme")));

            assertThat(listener.received).containsExactly("acme", new Order("disk", 3));
            assertThat(forwarded.getPayload()).isEqualTo(new Receipt("disk"));
            assertThat(forwarded.getHeaders()).containsEntry(RdmaHeaders.SEND_TO, "billing");
        });
    }

    @Test
    void shouldReplyToARequestRatherThanForward()
    {
        runner.withUserConfiguration(OrderConfig.class).run(context ->
        {
            final Message<?> reply = container(context, "orderListener.audit").listener
                .onMessage(InboundMessages.request(ORDER_JSON, Map.of("tenant", "acme")));

            assertThat(reply.getPayload()).isEqualTo(new Receipt("disk"));
            assertThat(reply.getHeaders()).doesNotContainKey(RdmaHeaders.SEND_TO);
        });
    }

    @Test
    void shouldValidatePayloadsWithTheApplicationsValidator()
    {
        runner.withUserConfiguration(OrderConfig.class, ValidatorConfig.class).run(context ->
        {
            final Message<ByteBuffer> invalid = InboundMessages.oneWay("{\"item\":\"disk\",\"quantity\":-1}",
                Map.of(MessageHeaders.CONTENT_TYPE, "application/json"));

            assertThatExceptionOfType(ListenerArgumentException.class)
                .isThrownBy(() -> container(context, "orders").listener.onMessage(invalid))
                .withMessage("Listener 'orders' rejected the payload for parameter 'order' of "
                    + "RdmaListenerAnnotationBeanPostProcessorTest.OrderListener.on(Order): quantity must be greater "
                    + "than 0 (was -1)");
        });
    }

    @Test
    void shouldIgnoreSpringValidatorsThatAreNotBeanValidation()
    {
        runner.withUserConfiguration(OrderConfig.class, TypeValidatorConfig.class).run(context ->
        {
            final OrderListener listener = context.getBean(OrderListener.class);

            container(context, "orders").listener.onMessage(InboundMessages.oneWay(ORDER_JSON, Map.of()));

            assertThat(listener.received).containsExactly(new Order("disk", 3));
        });
    }

    @Test
    void shouldAdaptAPlainBeanValidationValidator()
    {
        runner.withUserConfiguration(OrderConfig.class, JakartaValidatorConfig.class).run(context ->
            assertThatExceptionOfType(ListenerArgumentException.class)
                .isThrownBy(() -> container(context, "orders").listener
                    .onMessage(InboundMessages.oneWay("{\"item\":\"disk\",\"quantity\":0}", Map.of())))
                .withMessageEndingWith("quantity must be greater than 0 (was 0)"));
    }

    @Test
    void shouldRegisterAndStartTheListenerOfALazyBeanWhenItIsCreated()
    {
        runner.withUserConfiguration(LazyConfig.class).run(context ->
        {
            context.start();
            assertThat(registry(context).getListenerContainer("lazy")).isNull();

            context.getBean(LazyListener.class);

            assertThat(registry(context).getListenerContainer("lazy")).isNotNull()
                .satisfies(container -> assertThat(container.isRunning()).isTrue());
        });
    }

    @Test
    void shouldStartContainersWithTheContextUnlessTheySayNot()
    {
        runner.withUserConfiguration(OrderConfig.class).run(context ->
        {
            final RdmaListenerEndpointRegistry registry = registry(context);
            context.start();

            assertThat(registry.isRunning()).isTrue();
            assertThat(container(context, "orderListener.audit").isRunning()).isTrue();
            assertThat(container(context, "orders").isRunning()).isFalse();
            registry.getListenerContainer("orders").start();
            assertThat(container(context, "orders").isRunning()).isTrue();

            context.stop();

            assertThat(registry.getListenerContainers()).noneMatch(RdmaListenerContainer::isRunning);
        });
    }

    @Test
    void shouldFindListenersBehindAProxy()
    {
        runner.withUserConfiguration(ProxyConfig.class).run(context ->
        {
            final Message<?> reply = container(context, "proxied").listener.onMessage(InboundMessages.request("hi", Map.of()));

            assertThat(context.getBean("proxiedListener")).isNotInstanceOf(ProxiedListener.class);
            assertThat(reply.getPayload()).isEqualTo("HI");
            assertThat(context.getBean(ProxyConfig.class).intercepted).hasValue(1);
        });
    }

    @Test
    void shouldRegisterAListenerForEachRepeatedAnnotation()
    {
        runner.withUserConfiguration(RepeatedConfig.class).run(context ->
            assertThat(registry(context).getListenerContainerIds())
                .containsExactlyInAnyOrder("repeatedListener.on#eu", "repeatedListener.on#us"));
    }

    @Test
    void shouldLetConfigurersSetTheDefaultFactoryAndRegisterEndpoints()
    {
        runner.withUserConfiguration(OrderConfig.class, ConfigurerConfig.class).run(context ->
        {
            final FakeContainerFactory other = context.getBean("otherFactory", FakeContainerFactory.class);

            assertThat(other.endpoints).extracting(RdmaListenerEndpoint::getId).containsExactlyInAnyOrder("orders", "echo");
            assertThat(context.getBean("rdmaListenerContainerFactory", FakeContainerFactory.class).endpoints)
                .extracting(RdmaListenerEndpoint::getId).containsExactly("orderListener.audit");
            assertThat(registry(context).getListenerContainer("echo")).isNotNull();
        });
    }

    @Test
    void shouldRegisterTheInfrastructureOnceWhenEnableRdmaIsRepeated()
    {
        runner.withUserConfiguration(OrderConfig.class, SecondEnableConfig.class).run(context ->
        {
            assertThat(context).hasSingleBean(RdmaListenerAnnotationBeanPostProcessor.class);
            assertThat(context).hasSingleBean(RdmaListenerEndpointRegistry.class);
            assertThat(context).hasBean(RdmaListenerConfigUtils.RDMA_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME);
            assertThat(context).hasBean(RdmaListenerConfigUtils.RDMA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME);
            assertThat(registry(context).getListenerContainerIds()).hasSize(2);
        });
    }

    @Test
    void shouldFailOnADuplicateIdNamingBothMethods()
    {
        runner.withUserConfiguration(OrderConfig.class, DuplicateConfig.class).run(context ->
            assertThat(failure(context, IllegalStateException.class)).hasMessage("Two listeners have the id 'orders': "
                + "RdmaListenerAnnotationBeanPostProcessorTest.OrderListener.on(Order) and "
                + "RdmaListenerAnnotationBeanPostProcessorTest.DuplicateListener.other(String); give each @RdmaListener "
                + "its own id"));
    }

    @Test
    void shouldFailOnAnUnknownContainerFactoryNamingTheBeanAndMethod()
    {
        runner.withUserConfiguration(UnknownFactoryConfig.class).run(context ->
            assertThat(failure(context, BeanInitializationException.class))
                .hasMessage("Listener 'fast' (RdmaListenerAnnotationBeanPostProcessorTest.UnknownFactoryListener.on("
                    + "String)) uses containerFactory 'fastFactory', but there is no bean named 'fastFactory': define "
                    + "an RdmaListenerContainerFactory bean of that name (the RDMA auto-configuration defines "
                    + "'rdmaListenerContainerFactory') or name another in @RdmaListener(containerFactory)"));
    }

    @Test
    void shouldFailWithoutTheDefaultContainerFactoryNamingTheMethod()
    {
        new ApplicationContextRunner().withUserConfiguration(SecondEnableConfig.class, OrderConfig.class).run(context ->
            assertThat(failure(context, BeanInitializationException.class))
                .hasMessageStartingWith("Listener '")
                .hasMessageContaining("uses the default container factory 'rdmaListenerContainerFactory', but there is "
                    + "no bean named 'rdmaListenerContainerFactory'"));
    }

    @Test
    void shouldFailOnAnUnknownErrorHandlerNamingTheMethod()
    {
        runner.withUserConfiguration(UnknownErrorHandlerConfig.class).run(context ->
            assertThat(failure(context, BeanInitializationException.class))
                .hasMessage("@RdmaListener on RdmaListenerAnnotationBeanPostProcessorTest.UnknownErrorHandlerListener.on("
                    + "String) names errorHandler 'missing', but there is no bean of that name"));
    }

    @Test
    void shouldFailOnConcurrencyBelowOne()
    {
        runner.withUserConfiguration(ZeroConcurrencyConfig.class).run(context ->
            assertThat(failure(context, BeanInitializationException.class))
                .hasMessage("@RdmaListener on RdmaListenerAnnotationBeanPostProcessorTest.ZeroConcurrencyListener.on("
                    + "String) has concurrency 0: use at least 1, or -1 for the container factory's default"));
    }

    private static RdmaListenerEndpointRegistry registry(final ApplicationContext context)
    {
        return context.getBean(RdmaListenerEndpointRegistry.class);
    }

    private static FakeContainer container(final ApplicationContext context, final String id)
    {
        return (FakeContainer)registry(context).getListenerContainer(id);
    }

    private static RdmaListenerEndpoint endpoint(final ApplicationContext context, final String id)
    {
        return container(context, id).endpoint;
    }

    private static Throwable failure(
        final AssertableApplicationContext context,
        final Class<? extends Throwable> type)
    {
        assertThat(context).hasFailed();
        Throwable cause = context.getStartupFailure();
        while (cause != null && !type.isInstance(cause))
        {
            cause = cause.getCause();
        }
        assertThat(cause).as("a %s in %s", type.getSimpleName(), context.getStartupFailure()).isNotNull();
        return cause;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableRdma
    static class RdmaConfig
    {
        @Bean
        FakeContainerFactory rdmaListenerContainerFactory()
        {
            return new FakeContainerFactory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableRdma
    static class SecondEnableConfig
    {
    }

    static class OrderListener
    {
        final List<Object> received = new CopyOnWriteArrayList<>();

        @RdmaListener(id = "orders", destination = "${app.orders:orders}", concurrency = 3,
            autoStartup = AutoStartup.FALSE, errorHandler = "logErrors")
        public void on(@Valid final Order order)
        {
            received.add(order);
        }

        @RdmaListener(destination = "#{'aud' + 'it'}", containerFactory = "${app.factory:rdmaListenerContainerFactory}")
        @SendTo("${app.forward:billing}")
        public Receipt audit(final Order order, @Header("tenant") final String tenant)
        {
            received.add(tenant);
            received.add(order);
            return new Receipt(order.item());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderConfig
    {
        @Bean
        OrderListener orderListener()
        {
            return new OrderListener();
        }

        @Bean
        RdmaListenerErrorHandler logErrors()
        {
            return (message, exception) -> null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ValidatorConfig
    {
        @Bean
        LocalValidatorFactoryBean validator()
        {
            return new LocalValidatorFactoryBean();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TypeValidatorConfig
    {
        /** Like RdmaProperties, which validates itself and nothing else. */
        @Bean
        Validator propertiesValidator()
        {
            return new Validator()
            {
                @Override
                public boolean supports(final Class<?> type)
                {
                    return false;
                }

                @Override
                public void validate(final Object target, final Errors errors)
                {
                    throw new ClassCastException(target.getClass().getName());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JakartaValidatorConfig
    {
        @Bean(destroyMethod = "close")
        ValidatorFactory validatorFactory()
        {
            return Validation.buildDefaultValidatorFactory();
        }

        @Bean
        jakarta.validation.Validator jakartaValidator(final ValidatorFactory validatorFactory)
        {
            return validatorFactory.getValidator();
        }
    }

    static class LazyListener
    {
        @RdmaListener(id = "lazy", destination = "lazy")
        public void on(final String text)
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyConfig
    {
        @Bean
        @Lazy
        LazyListener lazyListener()
        {
            return new LazyListener();
        }
    }

    interface Greeter
    {
        String shout(String text);
    }

    static class ProxiedListener implements Greeter
    {
        @Override
        @RdmaListener(id = "proxied", destination = "greetings")
        public String shout(final String text)
        {
            return text.toUpperCase();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProxyConfig
    {
        final AtomicInteger intercepted = new AtomicInteger();

        @Bean
        ProxiedListener proxiedListener()
        {
            return new ProxiedListener();
        }

        /** Proxies through the interface before the RDMA post-processor runs, as Spring AOP does. */
        @Bean
        static ProxyingPostProcessor interfaceProxies(final ObjectProvider<ProxyConfig> config)
        {
            return new ProxyingPostProcessor(config);
        }
    }

    static final class ProxyingPostProcessor implements BeanPostProcessor, Ordered
    {
        private final ObjectProvider<ProxyConfig> config;

        ProxyingPostProcessor(final ObjectProvider<ProxyConfig> config)
        {
            this.config = config;
        }

        @Override
        public Object postProcessAfterInitialization(final Object bean, final String beanName)
        {
            if (!(bean instanceof ProxiedListener))
            {
                return bean;
            }
            final ProxyFactory proxy = new ProxyFactory(bean);
            proxy.setInterfaces(Greeter.class);
            proxy.addAdvice((MethodInterceptor)invocation ->
            {
                config.getObject().intercepted.incrementAndGet();
                return invocation.proceed();
            });
            return proxy.getProxy();
        }

        @Override
        public int getOrder()
        {
            return HIGHEST_PRECEDENCE;
        }
    }

    static class RepeatedListener
    {
        @RdmaListener(destination = "eu")
        @RdmaListener(destination = "us")
        public void on(final String text)
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RepeatedConfig
    {
        @Bean
        RepeatedListener repeatedListener()
        {
            return new RepeatedListener();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConfigurerConfig
    {
        @Bean
        FakeContainerFactory otherFactory()
        {
            return new FakeContainerFactory();
        }

        @Bean
        RdmaListenerConfigurer configurer(final FakeContainerFactory otherFactory)
        {
            return registrar ->
            {
                registrar.setContainerFactory(otherFactory);
                registrar.registerEndpoint(new SimpleRdmaListenerEndpoint("echo", "echo", message -> message));
            };
        }
    }

    static class DuplicateListener
    {
        @RdmaListener(id = "orders", destination = "other")
        public void other(final String text)
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateConfig
    {
        @Bean
        DuplicateListener duplicateListener()
        {
            return new DuplicateListener();
        }
    }

    static class UnknownFactoryListener
    {
        @RdmaListener(id = "fast", destination = "fast", containerFactory = "fastFactory")
        public void on(final String text)
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownFactoryConfig
    {
        @Bean
        UnknownFactoryListener unknownFactoryListener()
        {
            return new UnknownFactoryListener();
        }
    }

    static class UnknownErrorHandlerListener extends UnknownFactoryListener
    {
        @Override
        @RdmaListener(id = "handled", destination = "handled", errorHandler = "missing")
        public void on(final String text)
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownErrorHandlerConfig
    {
        @Bean
        UnknownErrorHandlerListener unknownErrorHandlerListener()
        {
            return new UnknownErrorHandlerListener();
        }
    }

    static class ZeroConcurrencyListener
    {
        @RdmaListener(destination = "zero", concurrency = 0)
        public void on(final String text)
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ZeroConcurrencyConfig
    {
        @Bean
        ZeroConcurrencyListener zeroConcurrencyListener()
        {
            return new ZeroConcurrencyListener();
        }
    }
}

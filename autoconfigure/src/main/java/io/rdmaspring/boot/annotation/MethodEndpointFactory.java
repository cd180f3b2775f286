package io.rdmaspring.boot.annotation;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;

import io.rdmaspring.boot.listener.RdmaListenerErrorHandler;
import io.rdmaspring.boot.listener.adapter.ListenerMethods;

/**
 * Reads an {@link RdmaListener} and the method's {@link SendTo}: resolves placeholders and SpEL in the names, looks
 * up the error handler bean, and builds the endpoint. Every error names the method.
 */
final class MethodEndpointFactory
{
    private final BeanFactory beanFactory;
    private final @Nullable BeanExpressionResolver expressionResolver;
    private final @Nullable BeanExpressionContext expressionContext;

    MethodEndpointFactory(final BeanFactory beanFactory)
    {
        this.beanFactory = beanFactory;
        if (beanFactory instanceof ConfigurableBeanFactory configurable)
        {
            expressionResolver = configurable.getBeanExpressionResolver();
            expressionContext = new BeanExpressionContext(configurable, null);
        }
        else
        {
            expressionResolver = null;
            expressionContext = null;
        }
    }

    BeanFactory beanFactory()
    {
        return beanFactory;
    }

    /**
     * @param several whether the method carries more than one {@code @RdmaListener}, which makes the default id
     *     {@code beanName.method#destination} instead of {@code beanName.method}
     */
    MethodRdmaListenerEndpoint create(
        final RdmaListener listener, final boolean several, final Object bean, final String beanName, final Method method)
    {
        final String destination = resolve(listener.destination(), "destination", method);
        if (destination.isBlank())
        {
            throw failure(method, "has no destination: set @RdmaListener(destination)");
        }
        final String id = resolve(listener.id(), "id", method);
        final String defaultId = beanName + "." + method.getName() + (several ? "#" + destination : "");
        final MethodRdmaListenerEndpoint endpoint =
            new MethodRdmaListenerEndpoint(id.isBlank() ? defaultId : id, destination, bean, method);
        if (listener.concurrency() != -1)
        {
            if (listener.concurrency() < 1)
            {
                throw failure(method, "has concurrency " + listener.concurrency() + ": use at least 1, or -1 for the "
                    + "container factory's default");
            }
            endpoint.setConcurrency(listener.concurrency());
        }
        endpoint.setAutoStartup(listener.autoStartup().toBoolean());
        endpoint.setErrorHandler(errorHandler(listener, method));
        endpoint.setSendTo(sendTo(method));
        endpoint.setBeanFactory(beanFactory);
        return endpoint;
    }

    /** The bean name in {@code containerFactory}, resolved, or {@code null} for the default factory. */
    @Nullable String containerFactory(final RdmaListener listener, final Method method)
    {
        final String name = resolve(listener.containerFactory(), "containerFactory", method);
        return name.isBlank() ? null : name;
    }

    private @Nullable RdmaListenerErrorHandler errorHandler(final RdmaListener listener, final Method method)
    {
        final String name = resolve(listener.errorHandler(), "errorHandler", method);
        if (name.isBlank())
        {
            return null;
        }
        try
        {
            return beanFactory.getBean(name, RdmaListenerErrorHandler.class);
        }
        catch (final BeanNotOfRequiredTypeException ex)
        {
            throw failure(method, "names errorHandler '" + name + "', but that bean is a "
                + ex.getActualType().getName() + ", not an RdmaListenerErrorHandler");
        }
        catch (final NoSuchBeanDefinitionException ex)
        {
            throw failure(method, "names errorHandler '" + name + "', but there is no bean of that name");
        }
    }

    private @Nullable String sendTo(final Method method)
    {
        final SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
        if (sendTo == null)
        {
            return null;
        }
        if (sendTo.value().length != 1)
        {
            throw failure(method, "has @SendTo with " + sendTo.value().length + " destinations: give exactly one");
        }
        final String destination = resolve(sendTo.value()[0], "@SendTo", method);
        if (destination.isBlank())
        {
            throw failure(method, "has @SendTo without a destination");
        }
        return destination;
    }

    /** {@code ${...}} placeholders, then {@code #{...}} SpEL, as in Spring Kafka's topics. */
    private String resolve(final String value, final String attribute, final Method method)
    {
        if (value.isEmpty() || !(beanFactory instanceof ConfigurableBeanFactory configurable))
        {
            return value;
        }
        final String placeheld = configurable.resolveEmbeddedValue(value);
        final Object evaluated = expressionResolver == null || expressionContext == null
            ? placeheld
            : expressionResolver.evaluate(placeheld, expressionContext);
        if (evaluated != null && !(evaluated instanceof String))
        {
            throw failure(method, "has " + attribute + " '" + value + "', which evaluates to a "
                + evaluated.getClass().getName() + ", not a String");
        }
        return evaluated == null ? "" : (String)evaluated;
    }

    private static BeanInitializationException failure(final Method method, final String problem)
    {
        return new BeanInitializationException("@RdmaListener on " + ListenerMethods.describe(method) + " " + problem);
    }
}

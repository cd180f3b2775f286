package io.rdmaspring.boot.annotation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.validation.Validator;

import io.rdmaspring.boot.listener.RdmaListenerContainerFactory;
import io.rdmaspring.boot.listener.RdmaListenerEndpoint;

/**
 * Collects endpoints with the container factory each uses, and registers them with the
 * {@link RdmaListenerEndpointRegistry} once the application's beans exist. {@link RdmaListenerConfigurer}s receive
 * it to set defaults or register endpoints written in code.
 */
public class RdmaListenerEndpointRegistrar
{
    private final List<Registration> registrations = new ArrayList<>();
    private @Nullable RdmaListenerEndpointRegistry endpointRegistry;
    private @Nullable BeanFactory beanFactory;
    private @Nullable RdmaListenerContainerFactory<?> containerFactory;
    private String containerFactoryBeanName = RdmaListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME;
    private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;
    private @Nullable Validator validator;
    private boolean registered;

    public @Nullable RdmaListenerEndpointRegistry getEndpointRegistry()
    {
        return endpointRegistry;
    }

    public void setEndpointRegistry(final RdmaListenerEndpointRegistry endpointRegistry)
    {
        this.endpointRegistry = endpointRegistry;
    }

    /** Where container factories are looked up by bean name. */
    public void setBeanFactory(final BeanFactory beanFactory)
    {
        this.beanFactory = beanFactory;
    }

    /** The factory of endpoints that name none; wins over {@link #setContainerFactoryBeanName}. */
    public void setContainerFactory(final RdmaListenerContainerFactory<?> containerFactory)
    {
        this.containerFactory = containerFactory;
    }

    /** The bean name of the factory of endpoints that name none. */
    public void setContainerFactoryBeanName(final String containerFactoryBeanName)
    {
        this.containerFactoryBeanName = containerFactoryBeanName;
    }

    public @Nullable MessageHandlerMethodFactory getMessageHandlerMethodFactory()
    {
        return messageHandlerMethodFactory;
    }

    /**
     * Resolves the arguments of every {@code @RdmaListener} method, instead of the factory each listener builds from
     * its container factory's converter.
     */
    public void setMessageHandlerMethodFactory(final MessageHandlerMethodFactory messageHandlerMethodFactory)
    {
        this.messageHandlerMethodFactory = messageHandlerMethodFactory;
    }

    public @Nullable Validator getValidator()
    {
        return validator;
    }

    /** Validates {@code @Valid} payloads, instead of the application's {@code jakarta.validation.Validator} bean. */
    public void setValidator(final Validator validator)
    {
        this.validator = validator;
    }

    /** Registers an endpoint built by the default container factory. */
    public void registerEndpoint(final RdmaListenerEndpoint endpoint)
    {
        add(new Registration(endpoint, null, null));
    }

    /** Registers an endpoint built by {@code factory}. */
    public void registerEndpoint(final RdmaListenerEndpoint endpoint, final RdmaListenerContainerFactory<?> factory)
    {
        add(new Registration(endpoint, factory, null));
    }

    /** Registers an endpoint built by the container factory bean of this name ({@code @RdmaListener(containerFactory)}). */
    public void registerEndpoint(final RdmaListenerEndpoint endpoint, final String containerFactoryBeanName)
    {
        add(new Registration(endpoint, null, containerFactoryBeanName));
    }

    /**
     * Creates the containers of the endpoints registered so far; endpoints registered later get theirs at once.
     *
     * @throws BeanInitializationException when a container factory does not exist, naming it and the endpoint
     */
    public synchronized void registerAll()
    {
        for (final Registration registration : registrations)
        {
            register(registration);
        }
        registrations.clear();
        registered = true;
    }

    private synchronized void add(final Registration registration)
    {
        if (registered)
        {
            register(registration);
        }
        else
        {
            registrations.add(registration);
        }
    }

    private void register(final Registration registration)
    {
        if (endpointRegistry == null)
        {
            throw new IllegalStateException("No RdmaListenerEndpointRegistry set on the registrar");
        }
        endpointRegistry.registerListenerContainer(registration.endpoint(), containerFactory(registration));
    }

    private RdmaListenerContainerFactory<?> containerFactory(final Registration registration)
    {
        if (registration.factory() != null)
        {
            return registration.factory();
        }
        if (registration.factoryBeanName() != null)
        {
            return lookUp(registration.endpoint(), registration.factoryBeanName(), "containerFactory");
        }
        return containerFactory != null
            ? containerFactory
            : lookUp(registration.endpoint(), containerFactoryBeanName, "the default container factory");
    }

    private RdmaListenerContainerFactory<?> lookUp(
        final RdmaListenerEndpoint endpoint, final String name, final String which)
    {
        if (beanFactory == null)
        {
            throw new IllegalStateException("No BeanFactory to look up container factory '" + name + "' in");
        }
        final String uses = "Listener '" + endpoint.getId() + "' (" + endpoint + ") uses " + which + " '" + name + "'";
        try
        {
            return beanFactory.getBean(name, RdmaListenerContainerFactory.class);
        }
        catch (final BeanNotOfRequiredTypeException ex)
        {
            throw new BeanInitializationException(uses + ", but that bean is a " + ex.getActualType().getName()
                + ", not an RdmaListenerContainerFactory", ex);
        }
        catch (final NoSuchBeanDefinitionException ex)
        {
            throw new BeanInitializationException(uses + ", but there is no bean named '" + name + "': define an "
                + "RdmaListenerContainerFactory bean of that name (the RDMA auto-configuration defines '"
                + RdmaListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME + "') or name another in "
                + "@RdmaListener(containerFactory)", ex);
        }
    }

    private record Registration(
        RdmaListenerEndpoint endpoint,
        @Nullable RdmaListenerContainerFactory<?> factory,
        @Nullable String factoryBeanName)
    {
    }
}

package io.rdmaspring.boot.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.validation.Validator;

/**
 * Turns each {@link RdmaListener} method of each bean (looking through AOP proxies) into a
 * {@link MethodRdmaListenerEndpoint} and registers it with the {@link RdmaListenerEndpointRegistrar}. Once all
 * singletons exist it applies the {@link RdmaListenerConfigurer} beans, gives the endpoints the validator and handler
 * method factory, and has the registrar create the containers in the {@link RdmaListenerEndpointRegistry}.
 * Registered by {@link EnableRdma}.
 */
public class RdmaListenerAnnotationBeanPostProcessor
    implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered
{
    private final RdmaListenerEndpointRegistrar registrar = new RdmaListenerEndpointRegistrar();
    private final List<MethodRdmaListenerEndpoint> pending = new ArrayList<>();
    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    private @Nullable MethodEndpointFactory endpointFactory;
    private boolean initialized;

    @Override
    public int getOrder()
    {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public void setBeanFactory(final BeanFactory beanFactory)
    {
        this.endpointFactory = new MethodEndpointFactory(beanFactory);
        registrar.setBeanFactory(beanFactory);
    }

    /** The registrar this processor fills; {@link RdmaListenerConfigurer}s receive it too. */
    public RdmaListenerEndpointRegistrar getEndpointRegistrar()
    {
        return registrar;
    }

    @Override
    public Object postProcessAfterInitialization(final Object bean, final String beanName)
    {
        final Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(targetClass) || !AnnotationUtils.isCandidateClass(targetClass, RdmaListener.class))
        {
            return bean;
        }
        final Map<Method, Set<RdmaListener>> annotated = MethodIntrospector.selectMethods(targetClass,
            (MethodIntrospector.MetadataLookup<Set<RdmaListener>>)method ->
            {
                final Set<RdmaListener> listeners =
                    AnnotatedElementUtils.findMergedRepeatableAnnotations(method, RdmaListener.class, RdmaListeners.class);
                return listeners.isEmpty() ? null : listeners;
            });
        if (annotated.isEmpty())
        {
            classesWithoutListeners.add(targetClass);
        }
        annotated.forEach((method, listeners) ->
        {
            final Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            for (final RdmaListener listener : listeners)
            {
                final MethodEndpointFactory endpoints = endpointFactory();
                register(endpoints.create(listener, listeners.size() > 1, bean, beanName, invocable),
                    endpoints.containerFactory(listener, invocable));
            }
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated()
    {
        final BeanFactory factory = endpointFactory().beanFactory();
        factory.getBeanProvider(RdmaListenerConfigurer.class).orderedStream()
            .forEach(configurer -> configurer.configureRdmaListeners(registrar));
        if (registrar.getEndpointRegistry() == null)
        {
            registrar.setEndpointRegistry(factory.getBean(
                RdmaListenerConfigUtils.RDMA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME, RdmaListenerEndpointRegistry.class));
        }
        if (registrar.getValidator() == null && registrar.getMessageHandlerMethodFactory() == null)
        {
            final Validator validator = PayloadValidators.find(factory);
            if (validator != null)
            {
                registrar.setValidator(validator);
            }
        }
        synchronized (pending)
        {
            initialized = true;
            pending.forEach(this::prepare);
            pending.clear();
        }
        registrar.registerAll();
    }

    private void register(final MethodRdmaListenerEndpoint endpoint, final @Nullable String containerFactory)
    {
        synchronized (pending)
        {
            if (initialized)
            {
                prepare(endpoint);
            }
            else
            {
                pending.add(endpoint);
            }
            if (containerFactory == null)
            {
                registrar.registerEndpoint(endpoint);
            }
            else
            {
                registrar.registerEndpoint(endpoint, containerFactory);
            }
        }
    }

    private void prepare(final MethodRdmaListenerEndpoint endpoint)
    {
        endpoint.setMessageHandlerMethodFactory(registrar.getMessageHandlerMethodFactory());
        endpoint.setValidator(registrar.getValidator());
    }

    private MethodEndpointFactory endpointFactory()
    {
        if (endpointFactory == null)
        {
            throw new IllegalStateException("RdmaListenerAnnotationBeanPostProcessor needs a BeanFactory");
        }
        return endpointFactory;
    }
}

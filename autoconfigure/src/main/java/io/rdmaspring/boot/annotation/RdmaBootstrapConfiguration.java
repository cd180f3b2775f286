package io.rdmaspring.boot.annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * What {@link EnableRdma} imports: the annotation post-processor and the endpoint registry, each registered unless a
 * bean of its name exists, so applying {@code @EnableRdma} twice (the application and the auto-configuration) is
 * harmless.
 */
public class RdmaBootstrapConfiguration implements ImportBeanDefinitionRegistrar
{
    @Override
    public void registerBeanDefinitions(final AnnotationMetadata metadata, final BeanDefinitionRegistry registry)
    {
        registerIfAbsent(registry, RdmaListenerConfigUtils.RDMA_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME,
            RdmaListenerAnnotationBeanPostProcessor.class);
        registerIfAbsent(registry, RdmaListenerConfigUtils.RDMA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
            RdmaListenerEndpointRegistry.class);
    }

    private static void registerIfAbsent(final BeanDefinitionRegistry registry, final String name, final Class<?> type)
    {
        if (!registry.containsBeanDefinition(name))
        {
            final RootBeanDefinition definition = new RootBeanDefinition(type);
            definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(name, definition);
        }
    }
}

package io.rdmaspring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@link RdmaListener} methods: registers the {@link RdmaListenerAnnotationBeanPostProcessor} and the
 * {@link RdmaListenerEndpointRegistry} under the names in {@link RdmaListenerConfigUtils}, each only once however
 * often it is applied. Spring Boot's RDMA auto-configuration applies it; listeners need a container factory bean
 * named {@value RdmaListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME} (or their own {@code containerFactory}).
 * Beans implementing {@link RdmaListenerConfigurer} customize the pipeline.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(RdmaBootstrapConfiguration.class)
public @interface EnableRdma
{
}

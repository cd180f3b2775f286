/**
 * The {@code @RdmaListener} pipeline, as in Spring Kafka and Spring AMQP: {@link io.rdmaspring.boot.annotation.EnableRdma}
 * registers {@link io.rdmaspring.boot.annotation.RdmaListenerAnnotationBeanPostProcessor}, which turns each annotated
 * method into a {@link io.rdmaspring.boot.annotation.MethodRdmaListenerEndpoint}; the
 * {@link io.rdmaspring.boot.annotation.RdmaListenerEndpointRegistrar} hands the endpoints to their container factory,
 * and the {@link io.rdmaspring.boot.annotation.RdmaListenerEndpointRegistry} holds, starts and stops the containers.
 */
@NullMarked
package io.rdmaspring.boot.annotation;

import org.jspecify.annotations.NullMarked;

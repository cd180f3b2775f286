package io.rdmaspring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method the listener of a destination: messages sent there over RDMA call it.
 * <pre>
 * &#64;RdmaListener(id = "orders", destination = "${app.orders:orders}")
 * &#64;SendTo("audit")
 * public Receipt on(&#64;Payload &#64;Valid Order order, &#64;Header(RdmaHeaders.PEER) String peer) { ... }
 * </pre>
 * Parameters: {@code @Payload} (or unannotated) of any type the converter reads (JSON for objects), optionally
 * {@code @Valid}; {@code @Header(name)}, {@code @Headers Map<String, Object>}, {@code MessageHeaders},
 * {@code Message<?>} or {@code Message<T>}; and {@code ByteBuffer}, which is the payload itself: a read-only view of
 * the registered receive buffer, no copy, valid only until the method returns — copy what you keep.
 * <p>
 * Return value: for a request it is the reply; for a one-way message it is sent to the destination of
 * {@code @SendTo} on the method, or dropped without one. {@code void} sends nothing. What the method throws goes to
 * the error handler and, for a request, back to the requester as {@code RemoteRdmaException}.
 * <p>
 * Needs {@link EnableRdma}, which the RDMA auto-configuration applies.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RdmaListeners.class)
public @interface RdmaListener
{
    /**
     * The unique id of the listener and its container, for {@link RdmaListenerEndpointRegistry#getListenerContainer}.
     * Placeholders ({@code ${...}}) and SpEL ({@code #{...}}) are resolved. Default: {@code beanName.methodName}, with
     * {@code #destination} appended when the method has several {@code @RdmaListener}s.
     */
    String id() default "";

    /** The destination name to serve. Placeholders ({@code ${...}}) and SpEL ({@code #{...}}) are resolved. */
    String destination();

    /** Threads that run the method at once; -1 for the container factory's default ({@code rdma.listener.concurrency}). */
    int concurrency() default -1;

    /**
     * Bean name of the {@link io.rdmaspring.boot.listener.RdmaListenerContainerFactory} that builds the container;
     * default: the bean named {@value RdmaListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}.
     */
    String containerFactory() default "";

    /**
     * Bean name of an {@link io.rdmaspring.boot.listener.RdmaListenerErrorHandler} for this listener; default: the
     * container factory's.
     */
    String errorHandler() default "";

    /** Whether the container starts with the application; default: as the container factory says. */
    AutoStartup autoStartup() default AutoStartup.DEFAULT;
}

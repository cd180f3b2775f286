package io.rdmaspring.boot.annotation;

/** Bean names the {@code @RdmaListener} pipeline registers and looks up. */
public final class RdmaListenerConfigUtils
{
    /** The {@link RdmaListenerAnnotationBeanPostProcessor}; its presence means {@code @EnableRdma} is in effect. */
    public static final String RDMA_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME =
        "io.rdmaspring.boot.annotation.internalRdmaListenerAnnotationProcessor";

    /** The {@link RdmaListenerEndpointRegistry}. */
    public static final String RDMA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME =
        "io.rdmaspring.boot.annotation.internalRdmaListenerEndpointRegistry";

    /** The container factory a listener uses when {@code @RdmaListener(containerFactory)} names none. */
    public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "rdmaListenerContainerFactory";

    private RdmaListenerConfigUtils()
    {
    }
}

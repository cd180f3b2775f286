package io.rdmaspring.boot.annotation;

/**
 * Implemented by beans that customize the {@code @RdmaListener} pipeline before the containers are built: the
 * default container factory, the {@code MessageHandlerMethodFactory}, the validator, or endpoints registered in code.
 */
@FunctionalInterface
public interface RdmaListenerConfigurer
{
    void configureRdmaListeners(RdmaListenerEndpointRegistrar registrar);
}

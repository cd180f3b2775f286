package io.rdmaspring.boot.listener;

/** Creates the container for an endpoint; {@code @RdmaListener(containerFactory)} names one such bean. */
@FunctionalInterface
public interface RdmaListenerContainerFactory<C extends RdmaListenerContainer>
{
    C createListenerContainer(RdmaListenerEndpoint endpoint);
}

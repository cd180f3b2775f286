package io.rdmaspring.boot.listener;

/** Customizes the auto-configured {@link DefaultRdmaListenerContainerFactory}. */
@FunctionalInterface
public interface RdmaListenerContainerFactoryCustomizer
{
    void customize(DefaultRdmaListenerContainerFactory factory);
}

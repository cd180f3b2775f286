package io.rdmaspring.boot.core;

/** Customizes the auto-configured {@link RdmaTemplate} before it is used. */
@FunctionalInterface
public interface RdmaTemplateCustomizer
{
    void customize(RdmaTemplate template);
}

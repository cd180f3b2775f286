package io.rdmaspring.boot.annotation;

import org.jspecify.annotations.Nullable;

/** Whether a listener's container starts with the application: as its container factory says, or always, or never. */
public enum AutoStartup
{
    /** As the container factory says (by default, yes). */
    DEFAULT(null),
    /** Start with the application. */
    TRUE(Boolean.TRUE),
    /** Start only when asked, through {@link RdmaListenerEndpointRegistry#getListenerContainer(String)}. */
    FALSE(Boolean.FALSE);

    private final @Nullable Boolean value;

    AutoStartup(final @Nullable Boolean value)
    {
        this.value = value;
    }

    /** {@code null} for {@link #DEFAULT}. */
    public @Nullable Boolean toBoolean()
    {
        return value;
    }
}

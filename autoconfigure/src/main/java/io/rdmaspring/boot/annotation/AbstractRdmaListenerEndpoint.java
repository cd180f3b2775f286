package io.rdmaspring.boot.annotation;

import org.jspecify.annotations.Nullable;

import io.rdmaspring.boot.listener.RdmaListenerEndpoint;
import io.rdmaspring.boot.listener.RdmaListenerErrorHandler;

/** What every endpoint has: id, destination and the settings that fall back to the container factory's. */
public abstract class AbstractRdmaListenerEndpoint implements RdmaListenerEndpoint
{
    private final String id;
    private final String destination;
    private @Nullable Integer concurrency;
    private @Nullable Boolean autoStartup;
    private @Nullable RdmaListenerErrorHandler errorHandler;

    protected AbstractRdmaListenerEndpoint(final String id, final String destination)
    {
        if (id.isBlank() || destination.isBlank())
        {
            throw new IllegalArgumentException("A listener endpoint needs an id and a destination, not '" + id
                + "' and '" + destination + "'");
        }
        this.id = id;
        this.destination = destination;
    }

    @Override
    public String getId()
    {
        return id;
    }

    @Override
    public String getDestination()
    {
        return destination;
    }

    @Override
    public @Nullable Integer getConcurrency()
    {
        return concurrency;
    }

    /** Threads that run the listener at once, at least 1; {@code null} for the factory's default. */
    public void setConcurrency(final @Nullable Integer concurrency)
    {
        if (concurrency != null && concurrency < 1)
        {
            throw new IllegalArgumentException("Listener '" + id + "': concurrency must be at least 1 but was "
                + concurrency);
        }
        this.concurrency = concurrency;
    }

    @Override
    public @Nullable Boolean getAutoStartup()
    {
        return autoStartup;
    }

    public void setAutoStartup(final @Nullable Boolean autoStartup)
    {
        this.autoStartup = autoStartup;
    }

    @Override
    public @Nullable RdmaListenerErrorHandler getErrorHandler()
    {
        return errorHandler;
    }

    public void setErrorHandler(final @Nullable RdmaListenerErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }
}

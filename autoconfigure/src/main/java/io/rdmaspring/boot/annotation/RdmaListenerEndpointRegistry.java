package io.rdmaspring.boot.annotation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import io.rdmaspring.boot.listener.RdmaListenerContainer;
import io.rdmaspring.boot.listener.RdmaListenerContainerFactory;
import io.rdmaspring.boot.listener.RdmaListenerEndpoint;

/**
 * Holds the listener containers by id, starts those that start automatically when the application starts, and stops
 * all of them, waiting for each, when it stops. Containers are not beans: look them up here to start or stop one.
 * <p>
 * Its phase, {@link #DEFAULT_PHASE}, is late: containers start after, and stop before, lifecycle beans of lower
 * phases, such as the connections they serve.
 */
public class RdmaListenerEndpointRegistry implements SmartLifecycle, DisposableBean
{
    /** Starts after, and stops before, lifecycle beans of lower phases; as Spring Kafka's listener containers. */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

    private final Map<String, Registered> containers = new LinkedHashMap<>();
    private int phase = DEFAULT_PHASE;
    private volatile boolean running;

    /**
     * Creates the endpoint's container with {@code factory} and keeps it; once the registry is running, a container
     * that starts automatically is started at once.
     *
     * @throws IllegalStateException when a container with the endpoint's id exists, naming both endpoints
     */
    public RdmaListenerContainer registerListenerContainer(
        final RdmaListenerEndpoint endpoint, final RdmaListenerContainerFactory<?> factory)
    {
        final RdmaListenerContainer container;
        synchronized (containers)
        {
            final Registered existing = containers.get(endpoint.getId());
            if (existing != null)
            {
                throw new IllegalStateException("Two listeners have the id '" + endpoint.getId() + "': "
                    + existing.endpoint() + " and " + endpoint + "; give each @RdmaListener its own id");
            }
            container = factory.createListenerContainer(endpoint);
            containers.put(endpoint.getId(), new Registered(container, endpoint));
        }
        if (running && container.isAutoStartup())
        {
            container.start();
        }
        return container;
    }

    /** The container of the listener with this id, or {@code null}. */
    public @Nullable RdmaListenerContainer getListenerContainer(final String id)
    {
        synchronized (containers)
        {
            final Registered registered = containers.get(id);
            return registered == null ? null : registered.container();
        }
    }

    /** The ids of all listeners, in registration order. */
    public Set<String> getListenerContainerIds()
    {
        synchronized (containers)
        {
            return Collections.unmodifiableSet(new LinkedHashSet<>(containers.keySet()));
        }
    }

    /** All containers, in registration order. */
    public Collection<RdmaListenerContainer> getListenerContainers()
    {
        synchronized (containers)
        {
            return containers.values().stream().map(Registered::container).toList();
        }
    }

    /** Starts the containers that start automatically; the others start through their own {@code start()}. */
    @Override
    public void start()
    {
        for (final RdmaListenerContainer container : getListenerContainers())
        {
            if (container.isAutoStartup())
            {
                container.start();
            }
        }
        running = true;
    }

    /** Stops every running container, each returning once it has stopped. */
    @Override
    public void stop()
    {
        running = false;
        for (final RdmaListenerContainer container : getListenerContainers())
        {
            if (container.isRunning())
            {
                container.stop();
            }
        }
    }

    /** Stops every running container at once; {@code callback} runs when the last has stopped. */
    @Override
    public void stop(final Runnable callback)
    {
        running = false;
        final List<RdmaListenerContainer> stopping = new ArrayList<>();
        for (final RdmaListenerContainer container : getListenerContainers())
        {
            if (container.isRunning())
            {
                stopping.add(container);
            }
        }
        if (stopping.isEmpty())
        {
            callback.run();
            return;
        }
        final AtomicInteger remaining = new AtomicInteger(stopping.size());
        for (final RdmaListenerContainer container : stopping)
        {
            container.stop(() ->
            {
                if (remaining.decrementAndGet() == 0)
                {
                    callback.run();
                }
            });
        }
    }

    @Override
    public boolean isRunning()
    {
        return running;
    }

    @Override
    public int getPhase()
    {
        return phase;
    }

    public void setPhase(final int phase)
    {
        this.phase = phase;
    }

    /** Stops containers still running and destroys those that are {@link DisposableBean}. */
    @Override
    public void destroy() throws Exception
    {
        stop();
        for (final RdmaListenerContainer container : getListenerContainers())
        {
            if (container instanceof DisposableBean disposable)
            {
                disposable.destroy();
            }
        }
    }

    private record Registered(RdmaListenerContainer container, RdmaListenerEndpoint endpoint)
    {
    }
}

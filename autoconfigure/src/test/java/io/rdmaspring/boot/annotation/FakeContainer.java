package io.rdmaspring.boot.annotation;

import java.util.ArrayList;
import java.util.List;

import io.rdmaspring.boot.core.RdmaMessageListener;
import io.rdmaspring.boot.listener.RdmaListenerContainer;
import io.rdmaspring.boot.listener.RdmaListenerEndpoint;

/** A container that only records: its endpoint, its listener, and start and stop calls. */
final class FakeContainer implements RdmaListenerContainer
{
    final RdmaListenerEndpoint endpoint;
    final RdmaMessageListener listener;
    final List<Runnable> pendingStops = new ArrayList<>();
    boolean stopAsynchronously;
    private boolean running;

    FakeContainer(final RdmaListenerEndpoint endpoint, final RdmaMessageListener listener)
    {
        this.endpoint = endpoint;
        this.listener = listener;
    }

    @Override
    public String getListenerId()
    {
        return endpoint.getId();
    }

    @Override
    public String getDestination()
    {
        return endpoint.getDestination();
    }

    @Override
    public int getConcurrency()
    {
        return endpoint.getConcurrency() == null ? 1 : endpoint.getConcurrency();
    }

    @Override
    public boolean isAutoStartup()
    {
        return endpoint.getAutoStartup() == null || endpoint.getAutoStartup();
    }

    @Override
    public void start()
    {
        running = true;
    }

    @Override
    public void stop()
    {
        running = false;
    }

    /** Stops at once, or, with {@link #stopAsynchronously}, when {@link #finishStopping()} is called. */
    @Override
    public void stop(final Runnable callback)
    {
        if (stopAsynchronously)
        {
            pendingStops.add(callback);
        }
        else
        {
            stop();
            callback.run();
        }
    }

    void finishStopping()
    {
        stop();
        pendingStops.forEach(Runnable::run);
        pendingStops.clear();
    }

    @Override
    public boolean isRunning()
    {
        return running;
    }
}

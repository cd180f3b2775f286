package io.rdmaspring.boot.core;

import java.time.Duration;

import io.rdmaspring.verbs.ConnectionPoller;

/**
 * How the client's and the server's polling threads wait for completions.
 *
 * @param busy whether they spin (lowest latency, a core each) or sleep on a completion channel when idle
 * @param spin when not busy, how long they go on polling after their last completion before sleeping, and how long
 *     a thread blocked in a request polls for its reply itself
 */
public record RdmaPolling(boolean busy, Duration spin)
{
    public RdmaPolling
    {
        if (spin.isNegative())
        {
            throw new IllegalArgumentException("spin must not be negative: " + spin);
        }
    }

    /** Spinning threads. */
    public static RdmaPolling busyPolling()
    {
        return new RdmaPolling(true, Duration.ZERO);
    }

    /** Threads that sleep when idle, after spinning for {@code spin}. */
    public static RdmaPolling eventDriven(final Duration spin)
    {
        return new RdmaPolling(false, spin);
    }

    ConnectionPoller start(final String threadName, final RdmaResources resources)
    {
        return busy ? ConnectionPoller.busyPolling(threadName)
            : ConnectionPoller.eventDriven(threadName, resources.context(), spin);
    }
}

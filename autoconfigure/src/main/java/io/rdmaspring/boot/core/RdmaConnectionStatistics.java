package io.rdmaspring.boot.core;

/**
 * A source of RDMA connections, such as the template's client or a listener container's server, as the health
 * indicator and the {@code rdma.connections} gauge see it. Every bean of this type is counted.
 */
@FunctionalInterface
public interface RdmaConnectionStatistics
{
    /** Connections open now. Called from health checks and metric scrapes, on any thread. */
    int openConnections();

    /** The sum of {@code sources}' connections, read again at each call (an {@code ObjectProvider} of beans works). */
    static RdmaConnectionStatistics sum(final Iterable<? extends RdmaConnectionStatistics> sources)
    {
        return () ->
        {
            int open = 0;
            for (final RdmaConnectionStatistics source : sources)
            {
                open += source.openConnections();
            }
            return open;
        };
    }
}

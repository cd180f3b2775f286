package io.rdmaspring.boot.core;

/** Something that holds RDMA connections, for health and metrics. */
@FunctionalInterface
public interface RdmaConnectionStatistics
{
    /** Connections open now. */
    int openConnections();
}

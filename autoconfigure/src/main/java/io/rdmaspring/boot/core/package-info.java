/**
 * Where messages go: {@link io.rdmaspring.boot.core.RdmaDestination} is a peer ({@code rdma://host:port}) plus a
 * destination name, and {@link io.rdmaspring.boot.core.RdmaDestinationResolver} turns logical names into destinations
 * through the {@code rdma.routes} map.
 */
@NullMarked
package io.rdmaspring.boot.core;

import org.jspecify.annotations.NullMarked;

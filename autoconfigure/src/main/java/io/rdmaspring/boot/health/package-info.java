/**
 * Actuator health of the RDMA device: {@link io.rdmaspring.boot.health.RdmaHealthIndicator}.
 */
@NullMarked
package io.rdmaspring.boot.health;

import org.jspecify.annotations.NullMarked;

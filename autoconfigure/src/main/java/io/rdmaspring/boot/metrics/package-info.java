/**
 * Micrometer meters for RDMA messaging: {@link io.rdmaspring.boot.metrics.MicrometerRdmaMetrics}.
 */
@NullMarked
package io.rdmaspring.boot.metrics;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration of Micrometer metrics for RDMA messaging.
 */
@NullMarked
package io.rdmaspring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;

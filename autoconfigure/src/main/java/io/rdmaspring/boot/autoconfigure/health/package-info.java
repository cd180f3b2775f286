/**
 * Auto-configuration of the RDMA health indicator.
 */
@NullMarked
package io.rdmaspring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Boot configuration of RDMA messaging: the {@code rdma.*} properties and, later, the auto-configuration that
 * turns them into a template and listener containers.
 */
@NullMarked
package io.rdmaspring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;

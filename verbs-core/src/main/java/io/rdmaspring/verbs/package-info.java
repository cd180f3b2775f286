/**
 * RDMA verbs for Java through JNA: devices, contexts, protection domains, registered memory, completion queues, RC
 * queue pairs connected through rdma_cm and zero-copy messaging connections.
 * <p>
 * Each verbs object is a small {@link java.lang.AutoCloseable} created by its parent; closing a parent closes what
 * it created, children first. The C names of libibverbs and librdmacm appear only in the package-private binding
 * and descriptor classes.
 */
@NullMarked
package io.rdmaspring.verbs;

import org.jspecify.annotations.NullMarked;

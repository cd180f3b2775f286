/**
 * Micrometer observations of RDMA messaging, the source of traces and of the {@code rdma.template} and
 * {@code rdma.listener} timers: {@link io.rdmaspring.boot.observation.RdmaObservationDocumentation} and its contexts
 * and conventions. Opt-in with {@code rdma.observation.enabled=true}.
 */
@NullMarked
package io.rdmaspring.boot.observation;

import org.jspecify.annotations.NullMarked;

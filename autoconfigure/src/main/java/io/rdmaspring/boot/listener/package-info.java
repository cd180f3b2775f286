/**
 * Listener containers: what runs {@code @RdmaListener} methods for a destination, and the factory and endpoint
 * contracts the annotation pipeline builds them from.
 */
@NullMarked
package io.rdmaspring.boot.listener;

import org.jspecify.annotations.NullMarked;

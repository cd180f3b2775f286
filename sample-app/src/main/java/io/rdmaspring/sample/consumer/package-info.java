/**
 * The {@code consumer} role: listens for orders, order events and requests for its counts until stopped.
 */
@NullMarked
package io.rdmaspring.sample.consumer;

import org.jspecify.annotations.NullMarked;

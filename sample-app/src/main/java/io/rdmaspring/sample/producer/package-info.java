/**
 * The {@code producer} role: sends orders and events to the consumer, measures, prints a summary and exits.
 */
@NullMarked
package io.rdmaspring.sample.producer;

import org.jspecify.annotations.NullMarked;

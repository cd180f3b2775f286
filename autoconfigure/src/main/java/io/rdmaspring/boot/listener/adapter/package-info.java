/**
 * Invokes {@code @RdmaListener} methods: {@link io.rdmaspring.boot.listener.adapter.MessagingMessageListenerAdapter}
 * turns a method into an {@link io.rdmaspring.boot.core.RdmaMessageListener}, resolving its arguments with Spring
 * Messaging's {@code @Payload}, {@code @Header} and {@code @Headers} support, and its return value into a reply.
 */
@NullMarked
package io.rdmaspring.boot.listener.adapter;

import org.jspecify.annotations.NullMarked;

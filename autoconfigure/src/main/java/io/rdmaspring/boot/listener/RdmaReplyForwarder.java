package io.rdmaspring.boot.listener;

import org.springframework.messaging.Message;

import io.rdmaspring.boot.core.RdmaPayload;

/** Sends what a listener returned for a one-way message to its {@code @SendTo} destination. */
@FunctionalInterface
public interface RdmaReplyForwarder
{
    void forward(String destination, RdmaPayload payload, Message<?> request);
}

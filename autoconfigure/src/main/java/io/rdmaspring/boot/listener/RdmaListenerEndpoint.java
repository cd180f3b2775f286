package io.rdmaspring.boot.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.converter.MessageConverter;

import io.rdmaspring.boot.core.RdmaMessageListener;

/** What a container factory needs to build a container: which destination, and the listener to run. */
public interface RdmaListenerEndpoint
{
    String getId();

    String getDestination();

    /** Threads for this endpoint, or {@code null} for the factory's default. */
    @Nullable Integer getConcurrency();

    /** Whether to start with the application, or {@code null} for the factory's default. */
    @Nullable Boolean getAutoStartup();

    /** The endpoint's own error handler, or {@code null} for the factory's default. */
    @Nullable RdmaListenerErrorHandler getErrorHandler();

    /** The listener, converting payloads and return values with {@code converter}. */
    RdmaMessageListener createMessageListener(MessageConverter converter);
}

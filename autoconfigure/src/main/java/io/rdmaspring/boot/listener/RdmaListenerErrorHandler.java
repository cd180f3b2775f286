package io.rdmaspring.boot.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * Handles an exception a listener threw (after retries, if any). Returning makes the message count as processed
 * and, for a request, sends the returned value as the reply; throwing reports the failure to the sender (a request
 * fails with {@code RemoteRdmaException}, a one-way send's future fails).
 */
@FunctionalInterface
public interface RdmaListenerErrorHandler
{
    @Nullable Object handleError(Message<?> message, ListenerExecutionFailedException exception) throws Exception;
}

package io.rdmaspring.boot.listener;

import org.springframework.context.SmartLifecycle;

/**
 * Runs one listener for one destination: while running, messages sent to the destination reach the listener;
 * while stopped, senders get an error saying the listener is stopped.
 */
public interface RdmaListenerContainer extends SmartLifecycle
{
    /** The id of the endpoint, unique in the application ({@code @RdmaListener(id)}). */
    String getListenerId();

    /** The destination name this container serves. */
    String getDestination();

    /** How many threads run the listener at once. */
    int getConcurrency();
}

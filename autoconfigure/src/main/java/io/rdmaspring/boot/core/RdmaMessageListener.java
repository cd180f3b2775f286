package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * Receives the messages sent to one destination. The payload is a read-only view of the registered receive buffer
 * (no copy), valid only until this method returns; headers include {@link RdmaHeaders#DESTINATION},
 * {@link RdmaHeaders#CORRELATION_ID}, {@link RdmaHeaders#PEER} and {@link RdmaHeaders#REQUEST}.
 */
@FunctionalInterface
public interface RdmaMessageListener
{
    /**
     * Handles one message.
     *
     * @return the reply (its payload not yet converted) when the message is a request, or a value to forward when
     *     it carries {@link RdmaHeaders#SEND_TO}; {@code null} for none
     * @throws Exception anything the listener threw; the container hands it to the error handler
     */
    @Nullable Message<?> onMessage(Message<ByteBuffer> message) throws Exception;
}

package io.rdmaspring.boot.listener.adapter;

import java.nio.ByteBuffer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import io.rdmaspring.boot.core.RdmaHeaders;
import io.rdmaspring.boot.core.RdmaMessageListener;

/**
 * Runs a listener method for each message.
 * <p>
 * Arguments: {@code @Payload} (or an unannotated parameter) of any type the converter reads, {@code @Header(name)},
 * {@code @Headers Map}, {@code MessageHeaders}, {@code Message<?>} / {@code Message<T>}, and {@code ByteBuffer}: the
 * inbound payload itself, a read-only view of the registered receive buffer, valid only until the method returns
 * (copy what you keep).
 * <p>
 * Return value: {@code null} (and {@code void}) sends nothing. Otherwise, for a request ({@link RdmaHeaders#REQUEST})
 * the value, or the {@code Message} returned, is the reply; for a one-way message it is forwarded to the
 * {@code @SendTo} destination ({@link RdmaHeaders#SEND_TO} is set unless the returned message carries one) and
 * dropped when there is none. The payload is converted by the container.
 * <p>
 * What the method throws propagates unchanged.
 */
public class MessagingMessageListenerAdapter implements RdmaMessageListener
{
    private static final Log LOGGER = LogFactory.getLog(MessagingMessageListenerAdapter.class);

    /** A returned value's headers: no generated id or timestamp, which would not travel anyway. */
    private static final MessageHeaders NO_HEADERS = new ReplyHeaders();

    private final String listenerId;
    private final InvocableHandlerMethod handlerMethod;
    private final @Nullable String sendTo;

    /**
     * @param handlerMethod the method with its argument resolvers, from a {@code MessageHandlerMethodFactory} such as
     *     {@link RdmaMessageHandlerMethodFactory}
     * @param sendTo where to forward what the method returns for a one-way message, or {@code null}
     */
    public MessagingMessageListenerAdapter(
        final String listenerId, final InvocableHandlerMethod handlerMethod, final @Nullable String sendTo)
    {
        this.listenerId = listenerId;
        this.handlerMethod = handlerMethod;
        this.sendTo = sendTo;
    }

    public String getListenerId()
    {
        return listenerId;
    }

    @Override
    public @Nullable Message<?> onMessage(final Message<ByteBuffer> message) throws Exception
    {
        final Object result = handlerMethod.invoke(message);
        if (result == null)
        {
            return null;
        }
        final Message<?> reply = result instanceof Message<?> returned ? returned : new GenericMessage<>(result, NO_HEADERS);
        if (Boolean.TRUE.equals(message.getHeaders().get(RdmaHeaders.REQUEST))
            || reply.getHeaders().containsKey(RdmaHeaders.SEND_TO))
        {
            return reply;
        }
        if (sendTo == null)
        {
            if (LOGGER.isDebugEnabled())
            {
                LOGGER.debug("Listener '" + listenerId + "' returned a value for a one-way message and has no "
                    + "@SendTo; dropped it");
            }
            return null;
        }
        return MessageBuilder.fromMessage(reply).setHeader(RdmaHeaders.SEND_TO, sendTo).build();
    }

    @Override
    public String toString()
    {
        return "MessagingMessageListenerAdapter[" + listenerId + " -> " + handlerMethod.getShortLogMessage() + "]";
    }

    /** Empty message headers without a generated id or timestamp. */
    private static final class ReplyHeaders extends MessageHeaders
    {
        private static final long serialVersionUID = 1L;

        ReplyHeaders()
        {
            super(null, ID_VALUE_NONE, -1L);
        }
    }
}

package io.rdmaspring.boot.listener.adapter;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import io.rdmaspring.boot.converter.InboundMessages;
import io.rdmaspring.boot.converter.RdmaMessageConverter;
import io.rdmaspring.boot.core.RdmaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MessagingMessageListenerAdapterTest
{
    private static final String ORDER_JSON = "{\"item\":\"disk\",\"quantity\":3}";
    private static final Map<String, Object> JSON = Map.of(MessageHeaders.CONTENT_TYPE, "application/json");

    record Order(String item, @Positive int quantity)
    {
    }

    record Receipt(String item)
    {
    }

    private final Listener listener = new Listener();
    private final LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();

    @AfterEach
    void closeValidator()
    {
        validator.close();
    }

    @Test
    void shouldConvertAJsonPayloadToARecord() throws Exception
    {
        adapter("order", null).onMessage(InboundMessages.oneWay(ORDER_JSON, JSON));

        assertThat(listener.received).containsExactly(new Order("disk", 3));
    }

    @Test
    void shouldResolveHeadersAndMessages() throws Exception
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay(ORDER_JSON, Map.of("tenant", "acme"));

        adapter("headers", null).onMessage(message);

        assertThat(listener.received).containsExactly("10.77.0.2:40000", "acme", 42L, "acme", "orders", message,
            new Order("disk", 3));
    }

    @Test
    void shouldHandTheReadOnlyViewItselfToAByteBufferParameter() throws Exception
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("abc", Map.of());

        adapter("view", null).onMessage(message);

        assertThat(listener.received).containsExactly(message.getPayload(), true);
    }

    @Test
    void shouldValidateAValidPayload() throws Exception
    {
        adapter("valid", null).onMessage(InboundMessages.oneWay(ORDER_JSON, JSON));

        assertThat(listener.received).containsExactly(new Order("disk", 3));
    }

    @Test
    void shouldRejectAnInvalidPayloadNamingTheListenerParameterAndConstraint()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("{\"item\":\"disk\",\"quantity\":0}", JSON);

        assertThatExceptionOfType(ListenerArgumentException.class)
            .isThrownBy(() -> adapter("valid", null).onMessage(message))
            .withMessage("Listener 'orders' rejected the payload for parameter 'order' of "
                + "MessagingMessageListenerAdapterTest.Listener.valid(Order): quantity must be greater than 0 (was 0)")
            .satisfies(ex -> assertThat(ex.getListenerId()).isEqualTo("orders"));
        assertThat(listener.received).isEmpty();
    }

    @Test
    void shouldReportMalformedJsonNamingTheListenerTypeAndParameter()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("{\"item\":", JSON);

        assertThatExceptionOfType(ListenerArgumentException.class)
            .isThrownBy(() -> adapter("order", null).onMessage(message))
            .withMessageStartingWith("Listener 'orders' could not convert the payload to " + Order.class.getName()
                + " for parameter 'order' of MessagingMessageListenerAdapterTest.Listener.order(Order): "
                + "Could not read JSON: ");
    }

    @Test
    void shouldReportAContentTypeNoConverterReads()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay(ORDER_JSON, Map.of(MessageHeaders.CONTENT_TYPE, "text/plain"));

        assertThatExceptionOfType(ListenerArgumentException.class)
            .isThrownBy(() -> adapter("order", null).onMessage(message))
            .withMessage("Listener 'orders' could not convert the payload to " + Order.class.getName()
                + " for parameter 'order' of MessagingMessageListenerAdapterTest.Listener.order(Order): "
                + "no converter reads contentType 'text/plain' as that type");
    }

    @Test
    void shouldReportATypedMessageThatDoesNotConvert()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("[1]", JSON);

        assertThatExceptionOfType(ListenerArgumentException.class)
            .isThrownBy(() -> adapter("typedMessage", null).onMessage(message))
            .withMessageStartingWith("Listener 'orders' could not convert the payload to "
                + "org.springframework.messaging.Message<" + Order.class.getName() + "> for parameter 'message' of "
                + "MessagingMessageListenerAdapterTest.Listener.typedMessage(Message): Could not read JSON: ");
    }

    @Test
    void shouldReportAMissingHeaderNamingTheListenerAndParameter()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay(ORDER_JSON, Map.of());

        assertThatExceptionOfType(ListenerArgumentException.class)
            .isThrownBy(() -> adapter("headers", null).onMessage(message))
            .withMessage("Listener 'orders' could not resolve parameter 'tenant' of MessagingMessageListenerAdapterTest."
                + "Listener.headers(String, String, long, Map, MessageHeaders, Message, Order): Missing header 'tenant' "
                + "for method parameter type [class java.lang.String]");
    }

    @Test
    void shouldReportAHeaderThatDoesNotConvert()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("x", Map.of("attempt", "second"));

        assertThatExceptionOfType(ListenerArgumentException.class)
            .isThrownBy(() -> adapter("attempt", null).onMessage(message))
            .withMessageStartingWith("Listener 'orders' could not resolve parameter 'attempt' of "
                + "MessagingMessageListenerAdapterTest.Listener.attempt(int): Failed to convert");
    }

    @Test
    void shouldReplyToARequestWithTheReturnedValue() throws Exception
    {
        final Message<?> reply = adapter("reply", "audit").onMessage(InboundMessages.request(ORDER_JSON, JSON));

        assertThat(reply).isNotNull();
        assertThat(reply.getPayload()).isEqualTo(new Receipt("disk"));
        assertThat(reply.getHeaders()).doesNotContainKey(RdmaHeaders.SEND_TO);
    }

    @Test
    void shouldForwardTheResultOfAOneWayMessageToTheSendToDestination() throws Exception
    {
        final Message<?> forwarded = adapter("reply", "audit").onMessage(InboundMessages.oneWay(ORDER_JSON, JSON));

        assertThat(forwarded).isNotNull();
        assertThat(forwarded.getPayload()).isEqualTo(new Receipt("disk"));
        assertThat(forwarded.getHeaders()).containsEntry(RdmaHeaders.SEND_TO, "audit");
    }

    @Test
    void shouldKeepTheHeadersOfAReturnedMessageAndItsOwnSendTo() throws Exception
    {
        final Message<?> forwarded = adapter("replyMessage", "audit").onMessage(InboundMessages.oneWay("x", Map.of()));

        assertThat(forwarded).isNotNull();
        assertThat(forwarded.getHeaders()).containsEntry(RdmaHeaders.SEND_TO, "elsewhere").containsEntry("kind", "echo");
    }

    @Test
    void shouldDropTheResultOfAOneWayMessageWithoutSendTo() throws Exception
    {
        assertThat(adapter("reply", null).onMessage(InboundMessages.oneWay(ORDER_JSON, JSON))).isNull();
        assertThat(listener.received).hasSize(1);
    }

    @Test
    void shouldReturnNothingFromAVoidMethod() throws Exception
    {
        assertThat(adapter("order", "audit").onMessage(InboundMessages.request(ORDER_JSON, JSON))).isNull();
    }

    @Test
    void shouldLetWhatTheMethodThrowsPropagateUnchanged()
    {
        assertThatIllegalStateException()
            .isThrownBy(() -> adapter("fail", null).onMessage(InboundMessages.oneWay("x", Map.of())))
            .withMessage("out of stock");
        assertThatIOException()
            .isThrownBy(() -> adapter("failChecked", null).onMessage(InboundMessages.oneWay("x", Map.of())))
            .withMessage("disk full");
    }

    private MessagingMessageListenerAdapter adapter(final String methodName, final @Nullable String sendTo)
    {
        validator.afterPropertiesSet();
        final Method method = Arrays.stream(Listener.class.getDeclaredMethods())
            .filter(candidate -> candidate.getName().equals(methodName)).findFirst().orElseThrow();
        final RdmaMessageHandlerMethodFactory factory =
            new RdmaMessageHandlerMethodFactory("orders", RdmaMessageConverter.defaultConverter(), validator, null);
        return new MessagingMessageListenerAdapter("orders", factory.createInvocableHandlerMethod(listener, method), sendTo);
    }

    static class Listener
    {
        final List<Object> received = new ArrayList<>();

        public void order(@Payload final Order order)
        {
            received.add(order);
        }

        public void headers(
            @Header(RdmaHeaders.PEER) final String peer,
            @Header("tenant") final String tenant,
            @Header(RdmaHeaders.CORRELATION_ID) final long correlationId,
            @Headers final Map<String, Object> headers,
            final MessageHeaders messageHeaders,
            final Message<?> message,
            final Order order)
        {
            received.addAll(List.of(peer, tenant, correlationId, headers.get("tenant"),
                messageHeaders.get(RdmaHeaders.DESTINATION), message, order));
        }

        public void attempt(@Header("attempt") final int attempt)
        {
            received.add(attempt);
        }

        public void view(final ByteBuffer view)
        {
            received.add(view);
            received.add(view.isReadOnly());
        }

        public void valid(@Payload @Valid final Order order)
        {
            received.add(order);
        }

        public void typedMessage(final Message<Order> message)
        {
            received.add(message.getPayload());
        }

        public Receipt reply(final Order order)
        {
            received.add(order);
            return new Receipt(order.item());
        }

        public Message<String> replyMessage(final String text)
        {
            return MessageBuilder.withPayload(text).setHeader(RdmaHeaders.SEND_TO, "elsewhere").setHeader("kind", "echo").build();
        }

        public void fail(final String text)
        {
            throw new IllegalStateException("out of stock");
        }

        public void failChecked(final String text) throws IOException
        {
            throw new IOException("disk full");
        }
    }
}

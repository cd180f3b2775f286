package io.rdmaspring.boot.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import io.rdmaspring.boot.frame.FrameFlags;
import io.rdmaspring.boot.frame.FrameHeader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class InboundFramesTest
{
    private static final FrameHeader PLAIN = new FrameHeader(FrameFlags.REQUEST, 42, "orders", Map.of());
    private static final FrameHeader WITH_HEADERS =
        new FrameHeader(FrameFlags.NONE, 7, "orders", Map.of("contentType", "application/json", "tenant", "a"));

    @Test
    void shouldHoldTheFrameFieldsWithoutAnIdOrTimestamp()
    {
        final MessageHeaders headers = InboundFrames.headers(PLAIN, "10.0.0.1:7000");

        assertThat(headers).containsOnly(entry(RdmaHeaders.DESTINATION, "orders"),
            entry(RdmaHeaders.CORRELATION_ID, 42L), entry(RdmaHeaders.PEER, "10.0.0.1:7000"),
            entry(RdmaHeaders.REQUEST, true));
        assertThat(headers.getId()).isNull();
        assertThat(headers.getTimestamp()).isNull();
        assertThat(headers.get(RdmaHeaders.CORRELATION_ID, Long.class)).isEqualTo(42L);
    }

    @Test
    void shouldAddTheFrameFieldsToTheFramesHeaders()
    {
        final MessageHeaders headers = InboundFrames.headers(WITH_HEADERS, "p:1");

        assertThat(headers).hasSize(6).containsEntry("tenant", "a").containsEntry(MessageHeaders.CONTENT_TYPE,
            "application/json").containsEntry(RdmaHeaders.REQUEST, false).containsEntry(RdmaHeaders.PEER, "p:1");
        assertThat(headers.keySet()).contains("tenant", RdmaHeaders.DESTINATION);
        assertThat(headers.values()).contains("a", 7L);
        assertThat(headers.containsValue("application/json")).isTrue();
    }

    @Test
    void shouldAnswerNullKeysAndValuesAsAHashMapWould()
    {
        final MessageHeaders headers = InboundFrames.headers(PLAIN, "p:1");

        assertThat(headers.get(null)).isNull();
        assertThat(headers.containsKey(null)).isFalse();
        assertThat(headers.containsValue(null)).isFalse();
        assertThat(headers.get("absent", String.class)).isNull();
    }

    @Test
    void shouldRejectAHeaderReadAsTheWrongType()
    {
        final MessageHeaders headers = InboundFrames.headers(PLAIN, "p:1");

        assertThatIllegalArgumentException().isThrownBy(() -> headers.get(RdmaHeaders.DESTINATION, Long.class))
            .withMessageContaining("Incorrect type specified for header 'rdma_destination'");
    }

    @Test
    void shouldBeImmutable()
    {
        final MessageHeaders headers = InboundFrames.headers(WITH_HEADERS, "p:1");

        assertThatThrownBy(() -> headers.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.keySet().remove("tenant")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(headers).hasSize(6);
    }

    @Test
    void shouldEqualMessageHeadersWithTheSameEntries()
    {
        final MessageHeaders headers = InboundFrames.headers(PLAIN, "p:1");
        final Map<String, Object> same = Map.of(RdmaHeaders.DESTINATION, "orders", RdmaHeaders.CORRELATION_ID, 42L,
            RdmaHeaders.PEER, "p:1", RdmaHeaders.REQUEST, true);

        final MessageHeaders plain = new MessageHeaders(same, MessageHeaders.ID_VALUE_NONE, -1L)
        {
        };

        assertThat(headers).isEqualTo(InboundFrames.headers(PLAIN, "p:1")).isEqualTo(plain)
            .isNotEqualTo(InboundFrames.headers(PLAIN, "p:2"));
        assertThat(headers.hashCode()).isEqualTo(same.hashCode());
        assertThat(headers.toString()).contains("rdma_destination=orders");
    }

    @Test
    void shouldKeepEveryEntryWhenSpringCopiesTheMessage()
    {
        final Message<String> message = new GenericMessage<>("x", InboundFrames.headers(WITH_HEADERS, "p:1"));

        final Message<String> copy = MessageBuilder.fromMessage(message).setHeader("added", 1).build();

        assertThat(copy.getHeaders()).containsAllEntriesOf(message.getHeaders()).containsEntry("added", 1);
    }

    @Test
    void shouldSerializeAsMessageHeadersWithTheSameEntries() throws Exception
    {
        final MessageHeaders headers = InboundFrames.headers(WITH_HEADERS, "p:1");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(headers);
        }

        final Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())))
        {
            read = in.readObject();
        }

        assertThat(read).isInstanceOf(MessageHeaders.class);
        assertThat((MessageHeaders)read).containsExactlyInAnyOrderEntriesOf(headers);
        assertThat(((MessageHeaders)read).getId()).isNull();
    }

    @Test
    void shouldCopyTheReplyPayloadOutOfTheReceiveBuffer()
    {
        final ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});

        final Message<byte[]> reply = InboundFrames.copy(PLAIN, payload, "p:1");
        payload.put(0, (byte)9);

        assertThat(reply.getPayload()).containsExactly(1, 2, 3);
        assertThat(reply.getHeaders()).containsEntry(RdmaHeaders.CORRELATION_ID, 42L);
    }
}

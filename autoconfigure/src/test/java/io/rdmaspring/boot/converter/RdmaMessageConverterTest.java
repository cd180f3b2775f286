package io.rdmaspring.boot.converter;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RdmaMessageConverterTest
{
    record Order(String item, int quantity)
    {
    }

    private final RdmaMessageConverter converter = RdmaMessageConverter.defaultConverter();

    @Test
    void shouldHandTheViewItselfToAByteBufferTarget()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("abc", Map.of());

        final Object converted = converter.fromMessage(message, ByteBuffer.class);

        assertThat(converted).isSameAs(message.getPayload());
        assertThat(((ByteBuffer)converted).isReadOnly()).isTrue();
    }

    @Test
    void shouldCopyTheRemainingBytesWithoutMovingThePosition()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("abc", Map.of());

        assertThat((byte[])converter.fromMessage(message, byte[].class)).containsExactly('a', 'b', 'c');
        assertThat(message.getPayload().position()).isZero();
        assertThat(message.getPayload().remaining()).isEqualTo(3);
    }

    @Test
    void shouldDecodeAStringAsUtf8WithoutAContentType()
    {
        assertThat(converter.fromMessage(InboundMessages.oneWay("grüß dich", Map.of()), String.class))
            .isEqualTo("grüß dich");
    }

    @Test
    void shouldDecodeAStringInTheCharsetOfTheContentType()
    {
        final Message<ByteBuffer> message = InboundMessages.message("café".getBytes(StandardCharsets.ISO_8859_1),
            Map.of(MessageHeaders.CONTENT_TYPE, "text/plain;charset=ISO-8859-1"), false);

        assertThat(converter.fromMessage(message, String.class)).isEqualTo("café");
    }

    @Test
    void shouldReadJsonFromTheViewIntoARecord()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("{\"item\":\"disk\",\"quantity\":3}",
            Map.of(MessageHeaders.CONTENT_TYPE, "application/json"));

        assertThat(converter.fromMessage(message, Order.class)).isEqualTo(new Order("disk", 3));
        assertThat(message.getPayload().position()).isZero();
    }

    @Test
    void shouldTryJsonWithoutAContentType()
    {
        assertThat(converter.fromMessage(InboundMessages.oneWay("{\"item\":\"disk\",\"quantity\":3}", Map.of()), Order.class))
            .isEqualTo(new Order("disk", 3));
    }

    @Test
    void shouldReadJsonIntoTheGenericTypeOfAParameter() throws NoSuchMethodException
    {
        final Method method = RdmaMessageConverterTest.class.getDeclaredMethod("orders", List.class);
        final Message<ByteBuffer> message = InboundMessages.oneWay("[{\"item\":\"disk\",\"quantity\":3}]", Map.of());

        assertThat(converter.fromMessage(message, List.class, new MethodParameter(method, 0)))
            .isEqualTo(List.of(new Order("disk", 3)));
    }

    @Test
    void shouldNotReadJsonFromATextPayload()
    {
        final Message<ByteBuffer> message =
            InboundMessages.oneWay("{\"item\":\"disk\"}", Map.of(MessageHeaders.CONTENT_TYPE, "text/plain"));

        assertThat(converter.fromMessage(message, Order.class)).isNull();
    }

    @Test
    void shouldReportMalformedJson()
    {
        final Message<ByteBuffer> message = InboundMessages.oneWay("{\"item\":", Map.of());

        assertThatExceptionOfType(MessageConversionException.class)
            .isThrownBy(() -> converter.fromMessage(message, Order.class))
            .withMessageStartingWith("Could not read JSON: ");
    }

    @Test
    void shouldWriteBytesAsOctetStream()
    {
        final byte[] bytes = {1, 2, 3};

        final Message<?> message = converter.toMessage(bytes, null);

        assertThat(message.getPayload()).isSameAs(bytes);
        assertThat(message.getHeaders().get(MessageHeaders.CONTENT_TYPE)).isEqualTo(MimeTypeUtils.APPLICATION_OCTET_STREAM);
    }

    @Test
    void shouldWriteAByteBufferAsItIsWithoutCopying()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(16).put(new byte[] {1, 2, 3}).flip();

        final Message<?> message = converter.toMessage(buffer, null);

        assertThat(message.getPayload()).isSameAs(buffer);
        assertThat(buffer.remaining()).isEqualTo(3);
        assertThat(message.getHeaders().get(MessageHeaders.CONTENT_TYPE)).isEqualTo(MimeTypeUtils.APPLICATION_OCTET_STREAM);
    }

    @Test
    void shouldWriteAStringAsUtf8PlainText()
    {
        final Message<?> message = converter.toMessage("grüß", null);

        assertThat((byte[])message.getPayload()).isEqualTo("grüß".getBytes(StandardCharsets.UTF_8));
        assertThat(message.getHeaders().get(MessageHeaders.CONTENT_TYPE).toString()).isEqualTo("text/plain;charset=UTF-8");
    }

    @Test
    void shouldWriteAStringInTheCharsetOfAGivenContentTypeAndKeepTheHeaders()
    {
        final MimeType latin1 = MimeType.valueOf("text/plain;charset=ISO-8859-1");
        final MessageHeaders headers = new MessageHeaders(Map.of(MessageHeaders.CONTENT_TYPE, latin1, "tenant", "acme"));

        final Message<?> message = converter.toMessage("café", headers);

        assertThat((byte[])message.getPayload()).isEqualTo("café".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(message.getHeaders()).containsEntry(MessageHeaders.CONTENT_TYPE, latin1).containsEntry("tenant", "acme");
    }

    @Test
    void shouldWriteARecordAsJson()
    {
        final Message<?> message = converter.toMessage(new Order("disk", 3), null);

        assertThat(new String((byte[])message.getPayload(), StandardCharsets.UTF_8))
            .isEqualTo("{\"item\":\"disk\",\"quantity\":3}");
        assertThat(message.getHeaders().get(MessageHeaders.CONTENT_TYPE)).isEqualTo(MimeTypeUtils.APPLICATION_JSON);
    }

    @Test
    void shouldRoundTripARecordThroughAView()
    {
        final Message<?> written = converter.toMessage(new Order("disk", 3), null);
        final Message<ByteBuffer> read = InboundMessages.message((byte[])written.getPayload(),
            Map.of(MessageHeaders.CONTENT_TYPE, written.getHeaders().get(MessageHeaders.CONTENT_TYPE).toString()), false);

        assertThat(converter.fromMessage(read, Order.class)).isEqualTo(new Order("disk", 3));
    }

    @Test
    void shouldUseTheGivenJsonMapper()
    {
        final JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        final RdmaMessageConverter custom = new RdmaMessageConverter(new ByteBufferJsonMessageConverter(snakeCase));
        record Line(String itemName)
        {
        }

        assertThat(new String((byte[])custom.toMessage(new Line("disk"), null).getPayload(), StandardCharsets.UTF_8))
            .isEqualTo("{\"item_name\":\"disk\"}");
        assertThat(custom.fromMessage(InboundMessages.oneWay("{\"item_name\":\"ssd\"}", Map.of()), Line.class))
            .isEqualTo(new Line("ssd"));
    }

    @Test
    void shouldRefuseToWriteAnObjectAsAContentTypeThatIsNotJson()
    {
        final MessageHeaders headers = new MessageHeaders(Map.of(MessageHeaders.CONTENT_TYPE, "text/plain"));

        assertThatExceptionOfType(MessageConversionException.class)
            .isThrownBy(() -> converter.toMessage(new Order("disk", 3), headers))
            .withMessage("Cannot convert " + Order.class.getName() + " to a message payload with contentType "
                + "text/plain: the object converter does not write that content type");
    }

    @SuppressWarnings("unused")
    private static void orders(final List<Order> orders)
    {
    }
}

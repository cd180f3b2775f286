package io.rdmaspring.boot.converter;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ContentTypeResolver;
import org.springframework.messaging.converter.DefaultContentTypeResolver;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * The default payload converter: {@code ByteBuffer}, {@code byte[]} and {@code String} payloads itself, any other
 * type through an object converter: JSON with Jackson 3 by default.
 * <p>
 * Inbound ({@code fromMessage}) the payload is a read-only {@link ByteBuffer} view of registered memory, valid only
 * while the listener runs:
 * <ul>
 *   <li>{@code ByteBuffer} (or {@code Object}) targets get that view itself, no copy;</li>
 *   <li>{@code byte[]} gets a copy of the remaining bytes;</li>
 *   <li>{@code String} decodes them with the charset of the {@code contentType} header, UTF-8 without one;</li>
 *   <li>other types go to the object converter, which for JSON reads the view in place; without a
 *       {@code contentType} JSON is tried.</li>
 * </ul>
 * No read moves the view's position, so several parameters may read the same payload.
 * <p>
 * Outbound ({@code toMessage}) the payload becomes a {@code byte[]} or {@code ByteBuffer} ready to be copied into a
 * frame, and a {@code contentType} header is added unless one is given: {@code byte[]} and {@code ByteBuffer} (its
 * remaining bytes) as {@code application/octet-stream}; {@code String} encoded in the given content type's charset or
 * as {@code text/plain;charset=UTF-8}; other objects as {@code application/json}.
 * <p>
 * Jackson is optional: without {@code tools.jackson.core:jackson-databind} this class still loads, and converting
 * other objects fails with a message saying so.
 */
public final class RdmaMessageConverter implements SmartMessageConverter
{
    private static final boolean JACKSON_PRESENT = ClassUtils.isPresent(
        "tools.jackson.databind.json.JsonMapper", RdmaMessageConverter.class.getClassLoader());

    private static final MimeType TEXT_PLAIN_UTF8 = new MimeType(MimeTypeUtils.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final ContentTypeResolver contentTypeResolver = new DefaultContentTypeResolver();
    private final @Nullable MessageConverter objectConverter;

    /**
     * @param objectConverter converts payloads of other types than {@code ByteBuffer}, {@code byte[]} and
     *     {@code String}; it receives inbound {@code ByteBuffer} payloads as they are. {@code null} for none.
     */
    public RdmaMessageConverter(final @Nullable MessageConverter objectConverter)
    {
        this.objectConverter = objectConverter;
    }

    /**
     * The default converter: JSON through a {@link ByteBufferJsonMessageConverter} with a default {@code JsonMapper}
     * when Jackson is on the class path, no object converter otherwise. To use Spring Boot's {@code JsonMapper} bean,
     * construct {@code new RdmaMessageConverter(new ByteBufferJsonMessageConverter(jsonMapper))} where Jackson is
     * known to be present: this class names no Jackson type, so that it loads and can be introspected without it.
     */
    public static RdmaMessageConverter defaultConverter()
    {
        return new RdmaMessageConverter(JACKSON_PRESENT ? new ByteBufferJsonMessageConverter() : null);
    }

    /** Whether objects of other types than the byte and string ones can be converted. */
    public boolean hasObjectConverter()
    {
        return objectConverter != null;
    }

    @Override
    public @Nullable Object fromMessage(final Message<?> message, final Class<?> targetClass)
    {
        return fromMessage(message, targetClass, null);
    }

    @Override
    public @Nullable Object fromMessage(
        final Message<?> message, final Class<?> targetClass, final @Nullable Object conversionHint)
    {
        final Object payload = message.getPayload();
        if (targetClass.isInstance(payload))
        {
            return payload;
        }
        if (targetClass == byte[].class || targetClass == String.class || targetClass == ByteBuffer.class)
        {
            final ByteBuffer bytes = asBytes(payload, message.getHeaders());
            if (bytes == null)
            {
                return null;
            }
            if (targetClass == ByteBuffer.class)
            {
                return bytes;
            }
            return targetClass == String.class ? new String(copy(bytes), charset(message.getHeaders())) : copy(bytes);
        }
        if (objectConverter instanceof SmartMessageConverter smart)
        {
            return smart.fromMessage(message, targetClass, conversionHint);
        }
        return objectConverter == null ? null : objectConverter.fromMessage(message, targetClass);
    }

    @Override
    public Message<?> toMessage(final Object payload, final @Nullable MessageHeaders headers)
    {
        return toMessage(payload, headers, null);
    }

    /**
     * @throws MessageConversionException when no converter writes the payload's type with the given content type,
     *     saying why (never returns {@code null})
     */
    @Override
    public Message<?> toMessage(
        final Object payload, final @Nullable MessageHeaders headers, final @Nullable Object conversionHint)
    {
        if (payload instanceof byte[] || payload instanceof ByteBuffer)
        {
            return build(payload, headers, MimeTypeUtils.APPLICATION_OCTET_STREAM);
        }
        if (payload instanceof String text)
        {
            return build(text.getBytes(charset(headers)), headers, TEXT_PLAIN_UTF8);
        }
        final Message<?> converted = writeObject(payload, headers, conversionHint);
        if (converted == null)
        {
            throw new MessageConversionException(cannotWrite(payload, headers));
        }
        return converted;
    }

    private @Nullable Message<?> writeObject(
        final Object payload, final @Nullable MessageHeaders headers, final @Nullable Object conversionHint)
    {
        if (objectConverter instanceof SmartMessageConverter smart)
        {
            return smart.toMessage(payload, headers, conversionHint);
        }
        return objectConverter == null ? null : objectConverter.toMessage(payload, headers);
    }

    private String cannotWrite(final Object payload, final @Nullable MessageHeaders headers)
    {
        final String type = payload.getClass().getName();
        if (objectConverter == null)
        {
            return "Cannot convert " + type + " to a message payload: add tools.jackson.core:jackson-databind to "
                + "send it as JSON, or send byte[], String or ByteBuffer";
        }
        return "Cannot convert " + type + " to a message payload with contentType " + contentType(headers)
            + ": the object converter does not write that content type";
    }

    private static Message<?> build(final Object payload, final @Nullable MessageHeaders headers, final MimeType type)
    {
        final MessageBuilder<?> builder = MessageBuilder.withPayload(payload);
        if (headers != null)
        {
            builder.copyHeaders(headers);
        }
        return builder.setHeaderIfAbsent(MessageHeaders.CONTENT_TYPE, type).build();
    }

    private @Nullable ByteBuffer asBytes(final Object payload, final MessageHeaders headers)
    {
        if (payload instanceof ByteBuffer buffer)
        {
            return buffer;
        }
        if (payload instanceof byte[] bytes)
        {
            return ByteBuffer.wrap(bytes);
        }
        return payload instanceof String text ? ByteBuffer.wrap(text.getBytes(charset(headers))) : null;
    }

    /** The remaining bytes, read without moving the buffer's position. */
    private static byte[] copy(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }

    private Charset charset(final @Nullable MessageHeaders headers)
    {
        final MimeType type = contentType(headers);
        final Charset charset = type == null ? null : type.getCharset();
        return charset == null ? StandardCharsets.UTF_8 : charset;
    }

    private @Nullable MimeType contentType(final @Nullable MessageHeaders headers)
    {
        return headers == null ? null : contentTypeResolver.resolve(headers);
    }
}

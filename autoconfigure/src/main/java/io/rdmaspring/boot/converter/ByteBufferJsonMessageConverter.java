package io.rdmaspring.boot.converter;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.ByteBufferBackedInputStream;

/**
 * Spring Messaging's Jackson 3 converter ({@code application/json}, tried as well for payloads without a
 * {@code contentType}), reading {@link ByteBuffer} payloads in place through an input stream instead of as text.
 * Use it only where Jackson is on the class path; {@link RdmaMessageConverter#defaultConverter()} checks that.
 */
public class ByteBufferJsonMessageConverter extends JacksonJsonMessageConverter
{
    /** With a {@code JsonMapper} that has the Jackson modules found on the class path. */
    public ByteBufferJsonMessageConverter()
    {
        this(defaultMapper());
    }

    /** @param jsonMapper Spring Boot's {@code JsonMapper} bean, say */
    public ByteBufferJsonMessageConverter(final JsonMapper jsonMapper)
    {
        super(jsonMapper);
    }

    private static JsonMapper defaultMapper()
    {
        return JsonMapper.builder().findAndAddModules(ByteBufferJsonMessageConverter.class.getClassLoader()).build();
    }

    @Override
    protected @Nullable Object convertFromInternal(
        final Message<?> message, final Class<?> targetClass, final @Nullable Object conversionHint)
    {
        if (!(message.getPayload() instanceof ByteBuffer payload))
        {
            return super.convertFromInternal(message, targetClass, conversionHint);
        }
        final JsonMapper mapper = getJsonMapper();
        ObjectReader reader = mapper.readerFor(mapper.constructType(targetType(targetClass, conversionHint)));
        final Class<?> view = getSerializationView(conversionHint);
        if (view != null)
        {
            reader = reader.withView(view);
        }
        try
        {
            return reader.readValue(new ByteBufferBackedInputStream(payload.duplicate()));
        }
        catch (final JacksonException ex)
        {
            throw new MessageConversionException(message, "Could not read JSON: " + ex.getMessage(), ex);
        }
    }

    /** The parameter's generic type ({@code List<Order>}), unwrapping {@code Optional} and {@code Message}. */
    private static Type targetType(final Class<?> targetClass, final @Nullable Object conversionHint)
    {
        if (!(conversionHint instanceof MethodParameter parameter))
        {
            return targetClass;
        }
        MethodParameter nested = parameter.nestedIfOptional();
        if (Message.class.isAssignableFrom(nested.getParameterType()))
        {
            nested = nested.nested();
        }
        return GenericTypeResolver.resolveType(nested.getNestedGenericParameterType(), nested.getContainingClass());
    }
}

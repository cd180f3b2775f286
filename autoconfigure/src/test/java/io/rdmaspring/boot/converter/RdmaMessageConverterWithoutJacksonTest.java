package io.rdmaspring.boot.converter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The converter loads and converts bytes and strings in an application without Jackson. */
class RdmaMessageConverterWithoutJacksonTest
{
    record Order(String item)
    {
    }

    @Test
    void shouldConvertBytesAndStringsWithoutJackson() throws Exception
    {
        final WithoutJackson loader = new WithoutJackson();
        final SmartMessageConverter converter = (SmartMessageConverter)loader
            .loadClass(RdmaMessageConverter.class.getName()).getMethod("defaultConverter").invoke(null);

        assertThat(converter.fromMessage(InboundMessages.oneWay("plain", Map.of()), String.class)).isEqualTo("plain");
        assertThat(converter.toMessage("plain", null).getPayload()).isInstanceOf(byte[].class);
        assertThat(converter.fromMessage(InboundMessages.oneWay("{}", Map.of()), Order.class)).isNull();
        assertThatExceptionOfType(MessageConversionException.class)
            .isThrownBy(() -> converter.toMessage(new Order("disk"), null))
            .withMessage("Cannot convert " + Order.class.getName() + " to a message payload: add "
                + "tools.jackson.core:jackson-databind to send it as JSON, or send byte[], String or ByteBuffer");
        assertThat(loader.defined).contains(RdmaMessageConverter.class.getName())
            .doesNotContain(ByteBufferJsonMessageConverter.class.getName());
    }

    @Test
    void shouldHandTheViewThroughWithoutJackson() throws Exception
    {
        final SmartMessageConverter converter = (SmartMessageConverter)new WithoutJackson()
            .loadClass(RdmaMessageConverter.class.getName()).getMethod("defaultConverter").invoke(null);
        final ByteBuffer view = InboundMessages.view(new byte[] {7});

        assertThat(converter.fromMessage(InboundMessages.oneWay("x", Map.of()), ByteBuffer.class)).isNotNull();
        assertThat(converter.toMessage(view, null).getPayload()).isSameAs(view);
    }

    /** Defines this package's main classes itself and hides Jackson from them. */
    private static final class WithoutJackson extends ClassLoader
    {
        private final Set<String> defined = ConcurrentHashMap.newKeySet();

        WithoutJackson()
        {
            super(WithoutJackson.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
        {
            if (name.startsWith("tools.jackson.") || name.startsWith("com.fasterxml.jackson."))
            {
                throw new ClassNotFoundException(name + " is hidden");
            }
            if (!name.startsWith(RdmaMessageConverter.class.getPackageName() + ".") || name.contains("Test")
                || name.contains("InboundMessages"))
            {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name))
            {
                final Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : define(name);
            }
        }

        private Class<?> define(final String name) throws ClassNotFoundException
        {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class"))
            {
                if (in == null)
                {
                    throw new ClassNotFoundException(name);
                }
                final byte[] bytes = in.readAllBytes();
                defined.add(name);
                return defineClass(name, bytes, 0, bytes.length);
            }
            catch (final IOException ex)
            {
                throw new ClassNotFoundException(name, ex);
            }
        }
    }
}

package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test
{
    @Test
    void shouldEncodeLikeGetBytesForEveryKindOfCharacter()
    {
        for (final String text : new String[] {"", "ascii", "ż", "注文", "\uD83D\uDE80", "lone \uD800 high",
            "lone \uDC00 low", "end \uD83D", "\u007F\u0080\u07FF\u0800\uFFFF"})
        {
            assertEncodesLikeGetBytes(text);
        }
    }

    @Test
    void shouldEncodeRandomCharsLikeGetBytes()
    {
        final Random random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            final char[] chars = new char[random.nextInt(12)];
            for (int c = 0; c < chars.length; c++)
            {
                chars[c] = (char)random.nextInt(Character.MAX_VALUE + 1);
            }
            assertEncodesLikeGetBytes(new String(chars));
        }
    }

    private static void assertEncodesLikeGetBytes(final String text)
    {
        final byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer buffer = ByteBuffer.allocate(expected.length + 2);

        assertThat(Utf8.encodedLength(text)).as(text).isEqualTo(expected.length);
        assertThat(Utf8.encode(text, buffer, 1)).as(text).isEqualTo(expected.length);
        assertThat(buffer.slice(1, expected.length)).as(text).isEqualTo(ByteBuffer.wrap(expected));
    }
}

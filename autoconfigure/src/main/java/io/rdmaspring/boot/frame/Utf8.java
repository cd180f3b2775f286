package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * UTF-8 encoding straight into a buffer, without the byte array {@link String#getBytes} would allocate. Like
 * {@code getBytes}, an unpaired surrogate becomes {@code '?'}.
 */
final class Utf8
{
    private static final byte REPLACEMENT = '?';

    private Utf8()
    {
    }

    /** How many bytes {@link #encode} writes for the string. */
    static int encodedLength(final String value)
    {
        return walk(value, null, 0);
    }

    /** Writes the string at the absolute index and returns the number of bytes written. */
    static int encode(final String value, final ByteBuffer buffer, final int index)
    {
        return walk(value, buffer, index);
    }

    private static int walk(final String value, final @Nullable ByteBuffer buffer, final int index)
    {
        int at = index;
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                at = put(buffer, at, c);
            }
            else if (c < 0x800)
            {
                at = put(buffer, at, 0xC0 | c >>> 6);
                at = put(buffer, at, 0x80 | c & 0x3F);
            }
            else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                at = put(buffer, at, 0xF0 | codePoint >>> 18);
                at = put(buffer, at, 0x80 | codePoint >>> 12 & 0x3F);
                at = put(buffer, at, 0x80 | codePoint >>> 6 & 0x3F);
                at = put(buffer, at, 0x80 | codePoint & 0x3F);
            }
            else if (Character.isSurrogate(c))
            {
                at = put(buffer, at, REPLACEMENT);
            }
            else
            {
                at = put(buffer, at, 0xE0 | c >>> 12);
                at = put(buffer, at, 0x80 | c >>> 6 & 0x3F);
                at = put(buffer, at, 0x80 | c & 0x3F);
            }
        }
        return at - index;
    }

    private static int put(final @Nullable ByteBuffer buffer, final int index, final int value)
    {
        if (buffer != null)
        {
            buffer.put(index, (byte)value);
        }
        return index + 1;
    }
}

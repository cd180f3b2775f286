package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 that must be valid: malformed, overlong and surrogate encodings are errors, not replacement
 * characters. Holds a {@link CharsetDecoder}, so one instance serves one thread.
 */
final class StrictUtf8Decoder
{
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The bytes and text of the last {@link #decodeRepeated} call: a receiver sees the same few destinations. */
    private byte[] lastBytes = new byte[0];
    private String lastText = "";

    /**
     * As {@link #decode}, for text that usually repeats the previous call's, such as a destination: when the bytes
     * are the same, the same string is returned without decoding or allocating.
     */
    String decodeRepeated(final ByteBuffer buffer, final int index, final int length, final FrameField field,
        final int frameStart)
    {
        if (length == lastBytes.length && sameBytes(buffer, index, lastBytes))
        {
            return lastText;
        }
        final String text = decode(buffer, index, length, field, frameStart);
        final byte[] bytes = new byte[length];
        buffer.get(index, bytes);
        lastBytes = bytes;
        lastText = text;
        return text;
    }

    /**
     * Decodes {@code length} bytes at the absolute {@code index}.
     *
     * @param field the field being decoded, for the error
     * @param frameStart the absolute index of the frame, so that the error counts offsets from it
     */
    String decode(final ByteBuffer buffer, final int index, final int length, final FrameField field, final int frameStart)
    {
        if (length == 0)
        {
            return "";
        }
        final ByteBuffer bytes = buffer.slice(index, length);
        try
        {
            return decoder.decode(bytes).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new FrameDecodingException(field, index - frameStart,
                "is not valid UTF-8: malformed byte at offset " + (index - frameStart + bytes.position()), ex);
        }
    }

    private static boolean sameBytes(final ByteBuffer buffer, final int index, final byte[] bytes)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (buffer.get(index + i) != bytes[i])
            {
                return false;
            }
        }
        return true;
    }
}

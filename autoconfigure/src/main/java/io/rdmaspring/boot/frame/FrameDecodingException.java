package io.rdmaspring.boot.frame;

import org.jspecify.annotations.Nullable;

/**
 * A frame broke the format or the {@link FrameLimits}. The message names the field, its offset from the first byte of
 * the frame and what was wrong, for example {@code "Malformed frame: destination length at offset 16: 200 bytes
 * exceed the configured maximum of 100"}.
 */
public class FrameDecodingException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final FrameField field;
    private final int offset;

    public FrameDecodingException(final FrameField field, final int offset, final String problem)
    {
        this(field, offset, problem, null);
    }

    public FrameDecodingException(
        final FrameField field, final int offset, final String problem, final @Nullable Throwable cause)
    {
        super("Malformed frame: " + field.label() + " at offset " + offset + ": " + problem, cause);
        this.field = field;
        this.offset = offset;
    }

    /** The field that was wrong. */
    public FrameField field()
    {
        return field;
    }

    /** Where the field starts, counted from the first byte of the frame. */
    public int offset()
    {
        return offset;
    }
}

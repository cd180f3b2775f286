package io.rdmaspring.boot.frame;

import org.jspecify.annotations.Nullable;

/**
 * A frame broke the format or the {@link FrameLimits}. The message names the field, its offset from the first byte of
 * the frame and what was wrong, for example {@code "Malformed frame: destination length at offset 16: 200 bytes
 * exceed the configured maximum of 100"}. When the frame's preamble was readable, {@link #rejectedFrame()} holds its
 * correlation id, so the receiver can tell the sender.
 */
public class FrameDecodingException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final FrameField field;
    private final int offset;
    private final @Nullable RejectedFrame rejectedFrame;

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
        this.rejectedFrame = null;
    }

    private FrameDecodingException(final FrameDecodingException rejected, final RejectedFrame rejectedFrame)
    {
        super(rejected.getMessage(), rejected.getCause());
        this.field = rejected.field;
        this.offset = rejected.offset;
        this.rejectedFrame = rejectedFrame;
    }

    /** This failure, with what was read of the frame. */
    FrameDecodingException withRejectedFrame(final RejectedFrame frame)
    {
        return new FrameDecodingException(this, frame);
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

    /**
     * The preamble of the rejected frame, or {@code null} when the region is shorter than
     * {@link FrameDescriptor#PREAMBLE_LENGTH} or does not start with the magic: then nothing in it can be trusted to
     * reach the sender.
     */
    public @Nullable RejectedFrame rejectedFrame()
    {
        return rejectedFrame;
    }
}

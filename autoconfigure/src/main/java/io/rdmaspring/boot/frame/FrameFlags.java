package io.rdmaspring.boot.frame;

import org.jspecify.annotations.Nullable;

/**
 * The bits of the flags byte. A frame is at most one of {@link #REQUEST}, {@link #REPLY} and {@link #ERROR_REPLY};
 * a frame with none of them is a one-way message. The remaining bits are reserved and must be zero.
 */
public final class FrameFlags
{
    /** A one-way message: no reply is expected. */
    public static final int NONE = 0;
    /** The sender expects a reply carrying the same correlation id. */
    public static final int REQUEST = 0x01;
    /** A reply to the request with the same correlation id. */
    public static final int REPLY = 0x02;
    /** A reply whose payload describes why the request failed. */
    public static final int ERROR_REPLY = 0x04;
    /** Bits that version 1 reserves. */
    public static final int RESERVED_MASK = 0xFF & ~(REQUEST | REPLY | ERROR_REPLY);

    private FrameFlags()
    {
    }

    /** Whether the flags are a byte with no reserved bit and at most one kind bit. */
    public static boolean isValid(final int flags)
    {
        return problem(flags) == null;
    }

    /** What is wrong with the flags, or {@code null} when they are valid. */
    public static @Nullable String problem(final int flags)
    {
        if ((flags & ~0xFF) != 0)
        {
            return "flags " + hex(flags) + " do not fit in one byte";
        }
        if ((flags & RESERVED_MASK) != 0)
        {
            return "flags " + hex(flags) + " set reserved bits " + hex(flags & RESERVED_MASK);
        }
        if (Integer.bitCount(flags) > 1)
        {
            return "flags " + hex(flags) + " combine " + describe(flags)
                + "; a frame is at most one of REQUEST, REPLY and ERROR_REPLY";
        }
        return null;
    }

    /** The flags as names joined by {@code |}, for messages and {@code toString}. */
    public static String describe(final int flags)
    {
        if (flags == NONE)
        {
            return "NONE";
        }
        final StringBuilder names = new StringBuilder();
        append(names, flags, REQUEST, "REQUEST");
        append(names, flags, REPLY, "REPLY");
        append(names, flags, ERROR_REPLY, "ERROR_REPLY");
        append(names, flags, RESERVED_MASK, hex(flags & RESERVED_MASK));
        return names.toString();
    }

    private static void append(final StringBuilder names, final int flags, final int bits, final String name)
    {
        if ((flags & bits) != 0)
        {
            names.append(names.length() == 0 ? "" : "|").append(name);
        }
    }

    private static String hex(final int value)
    {
        return String.format("0x%02X", value);
    }
}

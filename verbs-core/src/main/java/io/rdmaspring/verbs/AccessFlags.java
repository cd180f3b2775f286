package io.rdmaspring.verbs;

/**
 * Memory region access flags ({@code enum ibv_access_flags}). Send and receive buffers need only
 * {@link #LOCAL_WRITE}; the project never grants remote access unless a feature asks for it.
 */
public final class AccessFlags
{
    @NativeConstant("IBV_ACCESS_LOCAL_WRITE")
    public static final int LOCAL_WRITE = 1;
    @NativeConstant("IBV_ACCESS_REMOTE_WRITE")
    public static final int REMOTE_WRITE = 1 << 1;
    @NativeConstant("IBV_ACCESS_REMOTE_READ")
    public static final int REMOTE_READ = 1 << 2;
    @NativeConstant("IBV_ACCESS_REMOTE_ATOMIC")
    public static final int REMOTE_ATOMIC = 1 << 3;

    /** Any flag that lets a peer touch the memory. */
    public static final int ANY_REMOTE = REMOTE_WRITE | REMOTE_READ | REMOTE_ATOMIC;

    private AccessFlags()
    {
    }

    /** {@code LOCAL_WRITE|REMOTE_READ} style text for logs and messages. */
    public static String toString(final int flags)
    {
        final StringBuilder text = new StringBuilder();
        append(text, flags, LOCAL_WRITE, "LOCAL_WRITE");
        append(text, flags, REMOTE_WRITE, "REMOTE_WRITE");
        append(text, flags, REMOTE_READ, "REMOTE_READ");
        append(text, flags, REMOTE_ATOMIC, "REMOTE_ATOMIC");
        return text.length() == 0 ? "NONE" : text.toString();
    }

    private static void append(final StringBuilder text, final int flags, final int flag, final String name)
    {
        if ((flags & flag) != 0)
        {
            text.append(text.length() == 0 ? "" : "|").append(name);
        }
    }
}

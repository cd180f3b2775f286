package io.rdmaspring.verbs;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Registered memory is pinned and counted against {@code RLIMIT_MEMLOCK}. The project checks the limit before it
 * registers anything, so a too-low limit fails with a message that names it rather than an {@code ENOMEM} from
 * the kernel, and tracks how many bytes this process has pinned.
 */
public final class MemoryLimits
{
    /** Page size the kernel pins in. */
    static final long PAGE_SIZE = 4096;

    private static final AtomicLong PINNED = new AtomicLong();

    private MemoryLimits()
    {
    }

    /** The soft RLIMIT_MEMLOCK in bytes, or {@link Long#MAX_VALUE} when unlimited. */
    public static long memlockLimit()
    {
        final long[] rlimit = new long[2];
        if (LibC.getrlimit(LibC.RLIMIT_MEMLOCK, rlimit) != 0 || rlimit[0] == LibC.RLIM_INFINITY || rlimit[0] < 0)
        {
            return Long.MAX_VALUE;
        }
        return rlimit[0];
    }

    /** Whether the kernel lets this process pin beyond the limit (CAP_IPC_LOCK), as root usually can. */
    public static boolean unlimitedByCapability()
    {
        return ProcessIdentity.hasIpcLock();
    }

    /** Bytes this process has registered through the project and not yet deregistered, in whole pages. */
    public static long pinnedBytes()
    {
        return PINNED.get();
    }

    /** Throws {@link MemlockLimitException} unless {@code bytes} more can be pinned. */
    public static void checkCanPin(final long bytes)
    {
        final long limit = memlockLimit();
        final long needed = pages(bytes);
        if (limit != Long.MAX_VALUE && PINNED.get() + needed > limit && !unlimitedByCapability())
        {
            throw new MemlockLimitException(limit, PINNED.get(), needed);
        }
    }

    static long pages(final long bytes)
    {
        return (bytes + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }

    static void pinned(final long bytes)
    {
        PINNED.addAndGet(pages(bytes));
    }

    static void unpinned(final long bytes)
    {
        PINNED.addAndGet(-pages(bytes));
    }
}

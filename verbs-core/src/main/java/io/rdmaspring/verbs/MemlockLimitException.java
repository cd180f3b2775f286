package io.rdmaspring.verbs;

/**
 * Registering memory would exceed {@code RLIMIT_MEMLOCK}: registered memory is pinned and counted against it.
 */
public final class MemlockLimitException extends VerbsException
{
    private static final long serialVersionUID = 1L;

    private final long limitBytes;
    private final long requiredBytes;

    public MemlockLimitException(final long limitBytes, final long pinnedBytes, final long requestedBytes)
    {
        super("ibv_reg_mr", Errno.ENOMEM, "Cannot register " + requestedBytes + " bytes of memory: RLIMIT_MEMLOCK "
            + "(ulimit -l) is " + limitBytes + " bytes and " + pinnedBytes + " bytes are already pinned, so "
            + (pinnedBytes + requestedBytes) + " bytes are needed. Raise the limit: `ulimit -l unlimited` in the "
            + "shell, LimitMEMLOCK=infinity in a systemd unit, a memlock line in /etc/security/limits.conf, "
            + "`--ulimit memlock=-1` for docker run; or configure smaller buffer pools.");
        this.limitBytes = limitBytes;
        this.requiredBytes = pinnedBytes + requestedBytes;
    }

    /** The soft RLIMIT_MEMLOCK in bytes. */
    public long limitBytes()
    {
        return limitBytes;
    }

    /** The pinned bytes the process needs in total. */
    public long requiredBytes()
    {
        return requiredBytes;
    }
}

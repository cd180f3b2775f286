package io.rdmaspring.verbs;

/**
 * A verbs or rdma_cm call on the setup path failed. The message names the call, the errno and what to do.
 */
public class VerbsException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String verb;
    private final int errno;

    public VerbsException(final String verb, final int errno, final String message)
    {
        super(message);
        this.verb = verb;
        this.errno = errno;
    }

    public VerbsException(final String verb, final int errno, final String message, final Throwable cause)
    {
        super(message, cause);
        this.verb = verb;
        this.errno = errno;
    }

    /** A failure of {@code verb} with {@code errno}; {@code advice} says what the user can do about it. */
    static VerbsException of(final String verb, final int errno, final String advice)
    {
        return new VerbsException(verb, errno, verb + " failed: " + Errno.describe(errno) + ". " + advice);
    }

    /** The C function that failed, e.g. {@code ibv_reg_mr}. */
    public String verb()
    {
        return verb;
    }

    /** The errno it reported, 0 when none applies. */
    public int errno()
    {
        return errno;
    }
}

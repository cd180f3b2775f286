package io.rdmaspring.verbs;

/**
 * No usable RDMA device: libibverbs is missing, the kernel has no RDMA support, or no device has the requested name.
 */
public final class RdmaUnavailableException extends VerbsException
{
    private static final long serialVersionUID = 1L;

    public RdmaUnavailableException(final String message)
    {
        super("ibv_get_device_list", 0, message);
    }

    public RdmaUnavailableException(final String message, final Throwable cause)
    {
        super("ibv_get_device_list", 0, message, cause);
    }
}

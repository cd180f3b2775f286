package io.rdmaspring.verbs;

import java.nio.file.Files;
import java.util.Optional;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * Availability of librdmacm, the connection manager, and the device contexts it owns. A queue pair that rdma_cm
 * connects must live on the context rdma_cm opened for its device, so contexts meant for connections come from here.
 */
public final class RdmaCm
{
    private static final @Nullable Throwable UNAVAILABILITY_CAUSE = Verbs.loadFailure(Rdmacm.class);

    private RdmaCm()
    {
    }

    /** Whether librdmacm loaded and {@code /dev/infiniband/rdma_cm} is there to talk to. */
    public static boolean isAvailable()
    {
        return UNAVAILABILITY_CAUSE == null && Files.exists(CmEventChannel.DEVICE_FILE);
    }

    public static Optional<Throwable> unavailabilityCause()
    {
        return Optional.ofNullable(UNAVAILABILITY_CAUSE);
    }

    /** Throws {@link RdmaUnavailableException} saying what to install or load unless rdma_cm can be used. */
    public static void ensureAvailability()
    {
        Verbs.ensureAvailability();
        if (UNAVAILABILITY_CAUSE != null)
        {
            throw new RdmaUnavailableException("librdmacm (" + Rdmacm.LIBRARY + ") cannot be loaded: "
                + UNAVAILABILITY_CAUSE.getMessage() + ". Install it: apt-get install librdmacm1 (Debian/Ubuntu) or "
                + "dnf install librdmacm (Fedora/RHEL).", UNAVAILABILITY_CAUSE);
        }
        if (!Files.exists(CmEventChannel.DEVICE_FILE))
        {
            throw new RdmaUnavailableException(CmEventChannel.DEVICE_FILE + " does not exist: load the connection "
                + "manager's user module with `modprobe rdma_ucm` (rdma-core's udev rules normally do).");
        }
    }

    /**
     * The {@code struct ibv_context *} rdma_cm holds for the device called {@code name}, or null when rdma_cm is not
     * usable here. Such a context stays open as long as librdmacm is loaded and must not be closed by the caller.
     */
    static @Nullable Pointer sharedContext(final String name)
    {
        if (!isAvailable() || !Files.isReadable(CmEventChannel.DEVICE_FILE) || !Files.isWritable(CmEventChannel.DEVICE_FILE))
        {
            return null;
        }
        final int[] count = new int[1];
        final Pointer list = Rdmacm.rdma_get_devices(count);
        if (list == null)
        {
            return null;
        }
        try
        {
            for (int i = 0; i < count[0]; i++)
            {
                final Pointer context = list.getPointer((long)i * Native.POINTER_SIZE);
                final Pointer device = context.getPointer(ContextDescriptor.DEVICE_OFFSET);
                if (name.equals(Ibverbs.ibv_get_device_name(device)))
                {
                    return context;
                }
            }
            return null;
        }
        finally
        {
            Rdmacm.rdma_free_devices(list);
        }
    }
}

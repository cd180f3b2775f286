package io.rdmaspring.verbs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Entry point: whether verbs can be used here, and which devices there are. Availability is probed once.
 */
public final class Verbs
{
    private static final @Nullable Throwable UNAVAILABILITY_CAUSE = probe();

    private Verbs()
    {
    }

    /** Whether libibverbs could be loaded. Says nothing about devices: see {@link #devices()}. */
    public static boolean isAvailable()
    {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why libibverbs could not be loaded, or empty. */
    public static Optional<Throwable> unavailabilityCause()
    {
        return Optional.ofNullable(UNAVAILABILITY_CAUSE);
    }

    /** Throws {@link RdmaUnavailableException} with installation advice unless libibverbs loaded. */
    public static void ensureAvailability()
    {
        if (UNAVAILABILITY_CAUSE != null)
        {
            throw new RdmaUnavailableException("libibverbs (" + Ibverbs.LIBRARY + ") cannot be loaded: "
                + UNAVAILABILITY_CAUSE.getMessage() + ". Install the RDMA user space: apt-get install libibverbs1 "
                + "librdmacm1 ibverbs-providers (Debian/Ubuntu) or dnf install rdma-core (Fedora/RHEL).",
                UNAVAILABILITY_CAUSE);
        }
    }

    /** The RDMA devices the kernel exposes, in the order libibverbs lists them; empty when there are none. */
    public static List<RdmaDevice> devices()
    {
        ensureAvailability();
        try (DeviceList list = DeviceList.open())
        {
            final List<RdmaDevice> devices = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++)
            {
                devices.add(list.describe(i));
            }
            return List.copyOf(devices);
        }
    }

    /** Throws {@link RdmaUnavailableException} saying why no device is there unless at least one is. */
    public static List<RdmaDevice> requireDevices()
    {
        final List<RdmaDevice> devices = devices();
        if (devices.isEmpty())
        {
            throw new RdmaUnavailableException(noDeviceMessage());
        }
        return devices;
    }

    static String noDeviceMessage()
    {
        return "No RDMA device found (ibv_get_device_list listed none). This kernel "
            + (Files.isDirectory(Path.of("/sys/class/infiniband_verbs"))
            ? "has RDMA support but no device: create a Soft-RoCE one with `modprobe rdma_rxe && rdma link add rxe0 type "
            + "rxe netdev <netdev>`, or load your HCA's driver."
            : "has no user-verbs support (no /sys/class/infiniband_verbs): `modprobe ib_uverbs` and your HCA driver "
            + "(or rdma_rxe for Soft-RoCE); a kernel built without CONFIG_INFINIBAND cannot do RDMA: run in a VM or "
            + "on a host that has it (this project's scripts/rxe-guest boots one).");
    }

    private static @Nullable Throwable probe()
    {
        try
        {
            Class.forName(Ibverbs.class.getName(), true, Verbs.class.getClassLoader());
            return null;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return ex instanceof ExceptionInInitializerError && ex.getCause() != null ? ex.getCause() : ex;
        }
    }
}

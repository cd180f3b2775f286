package io.rdmaspring.verbs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Entry point: whether verbs can be used here, and which devices there are. Availability is probed once.
 */
public final class Verbs
{
    private static final Path SYS_INFINIBAND = Path.of("/sys/class/infiniband");
    private static final Path SYS_INFINIBAND_VERBS = Path.of("/sys/class/infiniband_verbs");
    private static final Path DEV_INFINIBAND = Path.of("/dev/infiniband");
    private static final @Nullable Throwable UNAVAILABILITY_CAUSE = loadFailure(Ibverbs.class);

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
        return noDeviceMessage(names(SYS_INFINIBAND), Files.isDirectory(SYS_INFINIBAND_VERBS),
            names(DEV_INFINIBAND).stream().anyMatch(name -> name.startsWith("uverbs")));
    }

    /**
     * Why {@code ibv_get_device_list} listed nothing, given the devices the kernel has ({@code /sys/class/infiniband}),
     * whether its user-verbs module is loaded and whether {@code /dev/infiniband/uverbs*} files exist.
     */
    static String noDeviceMessage(final List<String> kernelDevices, final boolean userVerbs, final boolean deviceFiles)
    {
        final String none = "No RDMA device found (ibv_get_device_list listed none). ";
        if (!kernelDevices.isEmpty())
        {
            final String has = none + "The kernel has " + String.join(", ", kernelDevices) + " (" + SYS_INFINIBAND
                + ") but ";
            if (!userVerbs)
            {
                return has + "its user-verbs module is not loaded: `modprobe ib_uverbs`.";
            }
            if (!deviceFiles)
            {
                return has + DEV_INFINIBAND + " has no uverbs device files: in a container pass them with `--device "
                    + DEV_INFINIBAND + "/uverbs0 --device " + DEV_INFINIBAND + "/rdma_cm`; on a host check that udev "
                    + "created them.";
            }
            return has + "libibverbs has no user-space driver (provider) for " + (kernelDevices.size() == 1 ? "it"
                : "them") + ": install ibverbs-providers (`apt-get install ibverbs-providers` on Debian/Ubuntu, "
                + "`dnf install rdma-core` on Fedora/RHEL); libibverbs loads the providers that /etc/libibverbs.d "
                + "names.";
        }
        return none + "This kernel " + (userVerbs
            ? "has RDMA support but no device: create a Soft-RoCE one with `modprobe rdma_rxe && rdma link add rxe0 type "
            + "rxe netdev <netdev>`, or load your HCA's driver."
            : "has no user-verbs support (no " + SYS_INFINIBAND_VERBS + "): `modprobe ib_uverbs` and your HCA driver "
            + "(or rdma_rxe for Soft-RoCE); a kernel built without CONFIG_INFINIBAND cannot do RDMA: run in a VM or "
            + "on a host that has it (this project's scripts/rxe-guest boots one).");
    }

    private static List<String> names(final Path directory)
    {
        try (Stream<Path> entries = Files.list(directory))
        {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return List.of();
        }
    }

    /** Why the JNA binding class {@code binding} (whose initializer registers its library) cannot load, or null. */
    static @Nullable Throwable loadFailure(final Class<?> binding)
    {
        try
        {
            Class.forName(binding.getName(), true, binding.getClassLoader());
            return null;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return ex instanceof ExceptionInInitializerError && ex.getCause() != null ? ex.getCause() : ex;
        }
    }
}

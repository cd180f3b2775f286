package io.rdmaspring.verbs.test;

import java.util.Arrays;
import java.util.List;

import io.rdmaspring.verbs.GidEntry;
import io.rdmaspring.verbs.RdmaDevice;
import io.rdmaspring.verbs.Verbs;
import io.rdmaspring.verbs.VerbsContext;

/**
 * The device and address RDMA tests use: {@code RDMA_TEST_DEVICE} and {@code RDMA_TEST_ADDRESS} when set (the
 * Soft-RoCE guest sets both), else the first device and the IPv4 address of its first RoCE v2 GID.
 */
public final class RdmaTestEnvironment
{
    private RdmaTestEnvironment()
    {
    }

    /** Whether an RDMA device is there to test on. */
    public static boolean deviceAvailable()
    {
        return Verbs.isAvailable() && !Verbs.devices().isEmpty();
    }

    public static String deviceName()
    {
        final String name = System.getenv("RDMA_TEST_DEVICE");
        if (name != null && !name.isBlank())
        {
            return name;
        }
        final List<RdmaDevice> devices = Verbs.requireDevices();
        return devices.get(0).name();
    }

    /**
     * The JVM options for JVMs a test starts, from the system property {@code rdma.test.jvm-options} (the build passes
     * it on; the Soft-RoCE guest scripts set it), split at whitespace; none when unset.
     */
    public static List<String> jvmOptions()
    {
        final String options = System.getProperty("rdma.test.jvm-options", "").strip();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    /** The IPv4 address of the test device's netdev, which rdma_cm resolves to the device. */
    public static String address()
    {
        final String address = System.getenv("RDMA_TEST_ADDRESS");
        if (address != null && !address.isBlank())
        {
            return address;
        }
        try (VerbsContext context = VerbsContext.open(deviceName()))
        {
            return context.gids(1).stream()
                .filter(GidEntry::isRoceV2Ipv4)
                .map(gid -> gid.address().getHostAddress())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Device " + deviceName() + " has no RoCE v2 IPv4 "
                    + "GID; set RDMA_TEST_ADDRESS to the IPv4 address of its netdev"));
        }
    }
}

package io.rdmaspring.verbs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.rdmaspring.verbs.test.ChildJvm;
import io.rdmaspring.verbs.test.ChildJvmBuilder;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;

import static io.rdmaspring.verbs.test.ChildJvmBuilder.NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors a user sees when a process is set up wrong, each provoked for real in a child JVM ({@link ErrorProbe}):
 * run as {@code nobody} with a low {@code ulimit -l}, denied the device file, or without libibverbs' providers.
 */
@RdmaTest
class SetupErrorTest
{
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(180);
    private static final List<Path> PROVIDER_DIRECTORIES = List.of(Path.of("/etc/libibverbs.d"),
        Path.of("/usr/lib/x86_64-linux-gnu/libibverbs"), Path.of("/usr/lib64/libibverbs"));

    @Test
    void shouldNameTheMemlockLimitAndTheBytesNeededBeforeRegistering() throws Exception
    {
        final ChildJvm probe = run(ChildJvm.of(ErrorProbe.class).asUser(NOBODY).shell("ulimit -l 64")
            .arguments("register", RdmaTestEnvironment.deviceName(), String.valueOf(1 << 20)));

        assertThat(line(probe, "UID ")).isEqualTo(String.valueOf(NOBODY));
        assertThat(line(probe, "IPC_LOCK ")).isEqualTo("false");
        assertThat(line(probe, "MEMLOCK ")).isEqualTo("65536");
        assertThat(line(probe, "THREW ")).isEqualTo(MemlockLimitException.class.getName());
        assertThat(line(probe, "AT ")).as("thrown before ibv_reg_mr").isEqualTo(MemoryLimits.class.getName()
            + ".checkCanPin");
        assertThat(line(probe, "MESSAGE ")).contains("Cannot register 1048576 bytes", "RLIMIT_MEMLOCK (ulimit -l) is "
            + "65536 bytes", "1048576 bytes are needed", "ulimit -l unlimited", "LimitMEMLOCK=infinity");
    }

    @Test
    void shouldNameTheDeviceFileAndTheUdevFixWhenTheUserMayNotOpenIt() throws Exception
    {
        final Path file = device().devicePath();
        final Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        final ChildJvm probe;
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try
        {
            probe = run(ChildJvm.of(ErrorProbe.class).asUser(NOBODY).arguments("open", device().name()));
        }
        finally
        {
            Files.setPosixFilePermissions(file, before);
        }

        assertThat(line(probe, "THREW ")).isEqualTo(DevicePermissionException.class.getName());
        assertThat(line(probe, "MESSAGE ")).contains("ibv_open_device failed: EACCES", "uid " + NOBODY,
            "may not read and write " + file, "MODE=\"0666\"", "GROUP=\"rdma\"", "udevadm", "--device " + file);
    }

    @Test
    void shouldSayTheUserSpaceDriversAreMissingWhenLibibverbsHasNoneForTheKernelsDevice() throws Exception
    {
        assertThat(PROVIDER_DIRECTORIES.get(0)).as("libibverbs' provider configuration").isDirectory();
        final Path empty = Files.createTempDirectory("no-providers");
        final List<String> hide = new ArrayList<>();
        for (final Path directory : PROVIDER_DIRECTORIES)
        {
            if (Files.isDirectory(directory))
            {
                hide.add("mount --bind " + empty + " " + directory);
            }
        }
        final ChildJvm probe = run(ChildJvm.of(ErrorProbe.class).prefix("unshare", "--mount")
            .shell(String.join("; ", hide)).arguments("devices"));

        assertThat(line(probe, "THREW ")).as("an empty device list").isEqualTo(RdmaUnavailableException.class.getName());
        assertThat(line(probe, "MESSAGE ")).contains("No RDMA device found", "The kernel has "
            + RdmaTestEnvironment.deviceName(), "/sys/class/infiniband", "no user-space driver (provider)",
            "apt-get install ibverbs-providers", "/etc/libibverbs.d");
    }

    private static RdmaDevice device()
    {
        final String name = RdmaTestEnvironment.deviceName();
        return Verbs.devices().stream().filter(device -> device.name().equals(name)).findFirst().orElseThrow();
    }

    private static ChildJvm run(final ChildJvmBuilder builder) throws InterruptedException
    {
        try (ChildJvm child = builder.start())
        {
            final int status = child.awaitExit(CHILD_TIMEOUT);
            System.out.println(child.output());
            assertThat(status).as("exit status of the probe; its output:%n%s", child.output()).isZero();
            return child;
        }
    }

    private static String line(final ChildJvm child, final String prefix) throws InterruptedException
    {
        return child.awaitLine(prefix, Duration.ZERO);
    }
}

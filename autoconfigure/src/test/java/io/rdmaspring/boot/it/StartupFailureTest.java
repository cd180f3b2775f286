package io.rdmaspring.boot.it;

import static io.rdmaspring.verbs.test.ChildJvmBuilder.NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.rdmaspring.boot.autoconfigure.RdmaProperties;
import io.rdmaspring.verbs.test.ChildJvm;
import io.rdmaspring.verbs.test.ChildJvmBuilder;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * A Spring Boot application set up wrong on a real device, started in a child JVM as user {@code nobody} (no
 * CAP_IPC_LOCK, no root): the startup report shows this project's failure analysis, and the JVM exits non-zero.
 */
@RdmaTest
class StartupFailureTest
{
    /** A bound, not a measurement: a JVM in the emulated guest takes minutes to start while another guest runs. */
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);

    @Test
    void shouldNameTheMemlockLimitAndTheBytesNeededWhenTheApplicationStarts() throws Exception
    {
        final String output = failedStart(ChildJvm.of(LedgerApplication.class).asUser(NOBODY).shell("ulimit -l 64"));

        final Matcher needed = Pattern.compile("RDMA needs (\\d+) bytes of pinned memory").matcher(output);
        assertThat(needed.find()).as("the bytes needed, in:%n%s", output).isTrue();
        final long bytes = Long.parseLong(needed.group(1));
        assertThat(bytes).as("two connections' buffers at the default sizes, at least").isGreaterThanOrEqualTo(pinnedBytesChecked());
        assertThat(output).contains("APPLICATION FAILED TO START",
            "RLIMIT_MEMLOCK (`ulimit -l`) is 65536 bytes (64 KiB)", "at least " + (bytes + 1023) / 1024 + " KiB",
            "ulimit -l unlimited", "LimitMEMLOCK=infinity", "--ulimit memlock=-1");
    }

    @Test
    void shouldNameTheDeviceFileAndTheUdevRuleWhenTheApplicationMayNotOpenIt() throws Exception
    {
        final Path file = Path.of("/dev/infiniband/uverbs0");
        final Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        final String output;
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try
        {
            output = failedStart(ChildJvm.of(LedgerApplication.class).asUser(NOBODY));
        }
        finally
        {
            Files.setPosixFilePermissions(file, before);
        }

        assertThat(output).contains("APPLICATION FAILED TO START", "was denied the RDMA device file " + file,
            "readable and writable by user nobody", "KERNEL==\"uverbs*\", SUBSYSTEM==\"infiniband_verbs\", MODE=\"0666\"",
            "udevadm control --reload", "--device " + file);
    }

    private static String failedStart(final ChildJvmBuilder builder) throws InterruptedException
    {
        try (ChildJvm application = builder.arguments("--rdma.device=" + RdmaTestEnvironment.deviceName(),
            "--spring.main.banner-mode=off", "--rdma.listener.address=" + RdmaTestEnvironment.address(),
            "--rdma.listener.port=0").start())
        {
            final int status = application.awaitExit(CHILD_TIMEOUT);
            final String output = application.output();
            System.out.println(output);
            assertThat(status).as("exit status of the application; its output:%n%s", output).isNotZero();
            assertThat(output).as("the application never started").doesNotContain("READY ");
            return output;
        }
    }

    /**
     * A lower bound of what the auto-configuration checks with default properties: two connections' buffers, each as
     * large as {@code rdma.max-message-size} (a frame adds its header on top).
     */
    private static long pinnedBytesChecked()
    {
        final RdmaProperties properties = new RdmaProperties();
        final RdmaProperties.Connection connection = properties.getConnection();
        final int sendBuffers = Math.max(1, Math.min(connection.getSendQueueDepth(),
            connection.getBuffers() - connection.getReceiveQueueDepth()));
        return 2L * (sendBuffers + connection.getReceiveQueueDepth()) * properties.getMaxMessageSize().toBytes();
    }
}

package io.rdmaspring.verbs;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Takes the netdev behind the test device down (needs root) and back up, restoring the RoCE address too. */
@RdmaTest
class PortNotActiveTest
{
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Test
    void shouldNameDevicePortAndStateWhenTheNetdevIsDown() throws Exception
    {
        final String device = RdmaTestEnvironment.deviceName();
        final String netdev = System.getenv("RDMA_TEST_NETDEV");
        assertThat(netdev).as("RDMA_TEST_NETDEV, the netdev behind %s (scripts/rxe-guest sets it)", device)
            .isNotBlank();
        try (VerbsContext context = VerbsContext.open(device))
        {
            assertThat(context.requireActivePort(1).state()).isEqualTo(PortState.ACTIVE);
            final PortNotActiveException thrown;
            try
            {
                ip("link", "set", netdev, "down");
                awaitPort(context, false);
                thrown = catchThrowableOfType(() -> context.requireActivePort(1), PortNotActiveException.class);
            }
            finally
            {
                ip("link", "set", netdev, "up");
                awaitPort(context, true);
                awaitAddress(context);
            }
            System.out.println(thrown.getMessage());
            assertThat(thrown.device()).isEqualTo(device);
            assertThat(thrown.port()).isEqualTo(1);
            assertThat(thrown.state()).isEqualTo(PortState.DOWN);
            assertThat(thrown).hasMessageContaining("Port 1 of RDMA device " + device + " (on netdev " + netdev
                + ") is DOWN, not ACTIVE").hasMessageContaining("rdma link show " + device + "/1")
                .hasMessageContaining("ip link set " + netdev + " up");
        }
    }

    static void awaitPort(final VerbsContext context, final boolean active)
    {
        final long deadline = System.nanoTime() + SETTLE.toNanos();
        while (context.port(1).isActive() != active && System.nanoTime() - deadline < 0)
        {
            RdmaConnectionTest.sleepMillis(10);
        }
        assertThat(context.port(1).state()).as("port 1 of %s within %s", context.name(), SETTLE)
            .matches(state -> (state == PortState.ACTIVE) == active);
    }

    /** rdma_cm resolves the test address through the GID table, which the kernel refills after the link is up. */
    static void awaitAddress(final VerbsContext context)
    {
        final String address = RdmaTestEnvironment.address();
        final long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!hasGid(context, address) && System.nanoTime() - deadline < 0)
        {
            RdmaConnectionTest.sleepMillis(10);
        }
        assertThat(hasGid(context, address)).as("GID for %s back on %s", address, context.name()).isTrue();
    }

    private static boolean hasGid(final VerbsContext context, final String address)
    {
        return context.gids(1).stream().anyMatch(gid -> gid.isRoceV2Ipv4()
            && gid.address().getHostAddress().equals(address));
    }

    static void ip(final String... arguments) throws IOException, InterruptedException
    {
        final String[] command = new String[arguments.length + 1];
        command[0] = "ip";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited)
        {
            process.destroyForcibly();
        }
        final String output = new String(process.getInputStream().readAllBytes());
        assertThat(exited && process.exitValue() == 0).as("%s: %s", String.join(" ", command), output).isTrue();
    }
}

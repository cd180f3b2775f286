package io.rdmaspring.boot.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.rdmaspring.verbs.LinkLayer;
import io.rdmaspring.verbs.PortAttributes;
import io.rdmaspring.verbs.PortState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The indicator's logic over a stand-in for the device; RdmaHealthIndicatorRdmaTest reads a real one. */
class RdmaHealthIndicatorTest
{
    @Test
    void shouldBeUpWithDeviceDetailsWhenThePortIsActive()
    {
        final Health health = new RdmaHealthIndicator(device(false, PortState.ACTIVE, 1 << 20), () -> 3).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(
            entry("device", "rxe0"), entry("port", 1), entry("portState", "ACTIVE"), entry("linkLayer", "Ethernet"),
            entry("activeMtu", 1024), entry("connections", 3), entry("pinnedBytes", 8192L),
            entry("memlockLimit", 1048576L));
    }

    @Test
    void shouldReportAnUnlimitedMemlockLimitInWords()
    {
        final Health health = new RdmaHealthIndicator(device(false, PortState.ACTIVE, Long.MAX_VALUE), () -> 0)
            .health();

        assertThat(health.getDetails()).containsEntry("memlockLimit", "unlimited");
    }

    @Test
    void shouldBeDownWithTheReasonWhenThePortIsNotActive()
    {
        final Health health = new RdmaHealthIndicator(device(false, PortState.DOWN, Long.MAX_VALUE), () -> 0)
            .health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("portState", "DOWN").containsEntry("connections", 0);
        assertThat((String)health.getDetails().get("reason"))
            .startsWith("Port 1 of RDMA device rxe0 is DOWN, not ACTIVE.")
            .contains("rdma link show rxe0/1");
    }

    @Test
    void shouldBeDownWithoutQueryingTheDeviceWhenTheResourcesAreClosed()
    {
        final Health health = new RdmaHealthIndicator(device(true, PortState.ACTIVE, Long.MAX_VALUE), () ->
        {
            throw new AssertionError("a closed device has no connections to count");
        }).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsExactly(entry("device", "rxe0"), entry("port", 1),
            entry("reason", "The RDMA resources of rxe0 are closed"));
    }

    @Test
    void shouldBeDownWithTheErrorWhenTheQueryFails()
    {
        final RdmaHealthIndicator indicator = new RdmaHealthIndicator(new FakeDevice(false, null, 0, 0), () -> 0);

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error",
            "java.lang.IllegalStateException: The verbs context of rxe0 is closed");
    }

    private static RdmaHealthIndicator.Device device(final boolean closed, final PortState state, final long limit)
    {
        return new FakeDevice(closed, new PortAttributes(1, state, 4096, 1024, 16, 1 << 30, 0, LinkLayer.ETHERNET),
            8192, limit);
    }

    private record FakeDevice(boolean isClosed, PortAttributes attributes, long pinnedBytes, long memlockLimit)
        implements RdmaHealthIndicator.Device
    {
        @Override
        public String deviceName()
        {
            return "rxe0";
        }

        @Override
        public int port()
        {
            return 1;
        }

        @Override
        public PortAttributes portAttributes()
        {
            if (attributes == null)
            {
                throw new IllegalStateException("The verbs context of rxe0 is closed");
            }
            return attributes;
        }
    }
}

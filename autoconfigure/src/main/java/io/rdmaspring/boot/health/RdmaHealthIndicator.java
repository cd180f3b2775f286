package io.rdmaspring.boot.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.rdmaspring.boot.core.RdmaConnectionStatistics;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.verbs.PortAttributes;
import io.rdmaspring.verbs.PortNotActiveException;

/**
 * UP while the device's port is ACTIVE; DOWN, with a {@code reason}, when the port is in another state or the
 * resources are closed. Details: {@code device}, {@code port}, {@code portState}, {@code linkLayer}, {@code activeMtu},
 * {@code connections}, {@code pinnedBytes} and {@code memlockLimit} (bytes, or {@code unlimited}).
 */
public final class RdmaHealthIndicator extends AbstractHealthIndicator
{
    private final Device device;
    private final RdmaConnectionStatistics connections;

    public RdmaHealthIndicator(final RdmaResources resources, final RdmaConnectionStatistics connections)
    {
        this(new ResourcesDevice(resources), connections);
    }

    RdmaHealthIndicator(final Device device, final RdmaConnectionStatistics connections)
    {
        super("RDMA health check failed");
        this.device = device;
        this.connections = connections;
    }

    @Override
    protected void doHealthCheck(final Health.Builder builder)
    {
        builder.withDetail("device", device.deviceName()).withDetail("port", device.port());
        if (device.isClosed())
        {
            builder.down().withDetail("reason", "The RDMA resources of " + device.deviceName() + " are closed");
            return;
        }
        final PortAttributes port = device.portAttributes();
        builder.withDetail("portState", port.state().name())
            .withDetail("linkLayer", port.linkLayer().displayName())
            .withDetail("activeMtu", port.activeMtu())
            .withDetail("connections", connections.openConnections())
            .withDetail("pinnedBytes", device.pinnedBytes())
            .withDetail("memlockLimit", memlockLimit(device.memlockLimit()));
        if (port.isActive())
        {
            builder.up();
        }
        else
        {
            builder.down().withDetail("reason",
                new PortNotActiveException(device.deviceName(), device.port(), port.state()).getMessage());
        }
    }

    static Object memlockLimit(final long bytes)
    {
        return bytes == Long.MAX_VALUE ? "unlimited" : bytes;
    }

    /** What the indicator reads of {@link RdmaResources}; a seam so the logic can be tested without a device. */
    interface Device
    {
        String deviceName();

        int port();

        boolean isClosed();

        PortAttributes portAttributes();

        long pinnedBytes();

        long memlockLimit();
    }

    private record ResourcesDevice(RdmaResources resources) implements Device
    {
        @Override
        public String deviceName()
        {
            return resources.deviceName();
        }

        @Override
        public int port()
        {
            return resources.port();
        }

        @Override
        public boolean isClosed()
        {
            return resources.isClosed();
        }

        @Override
        public PortAttributes portAttributes()
        {
            return resources.portAttributes();
        }

        @Override
        public long pinnedBytes()
        {
            return resources.pinnedBytes();
        }

        @Override
        public long memlockLimit()
        {
            return resources.memlockLimit();
        }
    }
}

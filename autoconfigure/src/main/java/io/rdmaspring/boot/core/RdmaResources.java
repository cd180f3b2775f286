package io.rdmaspring.boot.core;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.rdmaspring.verbs.GidEntry;
import io.rdmaspring.verbs.MemoryLimits;
import io.rdmaspring.verbs.PortAttributes;
import io.rdmaspring.verbs.ProtectionDomain;
import io.rdmaspring.verbs.RdmaConnector;
import io.rdmaspring.verbs.RdmaDevice;
import io.rdmaspring.verbs.RdmaUnavailableException;
import io.rdmaspring.verbs.Verbs;
import io.rdmaspring.verbs.VerbsContext;

/**
 * The verbs objects an application shares: one device context, one protection domain and one rdma_cm connector.
 * Opening picks the device ({@code rdma.device}, else the first with an ACTIVE port), checks the port and that the
 * memlock limit covers the pinned memory the configuration asks for; closing releases them in reverse order.
 */
public final class RdmaResources implements AutoCloseable
{
    private static final Log logger = LogFactory.getLog(RdmaResources.class);

    private final VerbsContext context;
    private final ProtectionDomain pd;
    private final RdmaConnector connector;
    private final int port;
    private final @Nullable InetAddress gidAddress;
    private volatile boolean closed;

    private RdmaResources(final VerbsContext context, final ProtectionDomain pd, final RdmaConnector connector,
        final int port, final @Nullable InetAddress gidAddress)
    {
        this.context = context;
        this.pd = pd;
        this.connector = connector;
        this.port = port;
        this.gidAddress = gidAddress;
    }

    /**
     * Opens the device.
     *
     * @param device the device name, or {@code null} for the first device with an ACTIVE {@code port}
     * @param gidIndex a GID table index whose address the application listens on, or {@code null}
     * @param pinnedBytes the memory the configuration will register, checked against RLIMIT_MEMLOCK now
     */
    public static RdmaResources open(final @Nullable String device, final int port, final @Nullable Integer gidIndex,
        final long pinnedBytes)
    {
        final List<RdmaDevice> devices = Verbs.requireDevices();
        logger.info("RDMA devices: " + devices.stream().map(RdmaDevice::name).collect(Collectors.joining(", ")));
        final String name = device != null ? requireNamed(devices, device) : firstActive(devices, port);
        MemoryLimits.checkCanPin(pinnedBytes);
        final VerbsContext context = VerbsContext.open(name);
        try
        {
            final PortAttributes attributes = context.requireActivePort(port);
            final InetAddress gidAddress = gidIndex == null ? null : gidAddress(context, port, gidIndex);
            final ProtectionDomain pd = context.allocateProtectionDomain();
            final RdmaConnector connector = new RdmaConnector();
            logger.info("Using RDMA device " + name + " port " + port + " (" + attributes.state() + ", "
                + attributes.linkLayer().displayName() + ", MTU " + attributes.activeMtu() + ")"
                + (gidAddress == null ? "" : ", GID[" + gidIndex + "] " + gidAddress.getHostAddress()));
            return new RdmaResources(context, pd, connector, port, gidAddress);
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
    }

    private static String requireNamed(final List<RdmaDevice> devices, final String device)
    {
        if (devices.stream().noneMatch(candidate -> candidate.name().equals(device)))
        {
            throw new RdmaUnavailableException("No RDMA device named '" + device + "' (rdma.device); this host has "
                + devices.stream().map(RdmaDevice::name).collect(Collectors.joining(", "))
                + ". Set rdma.device to one of them, or leave it unset to use the first with an ACTIVE port.");
        }
        return device;
    }

    private static String firstActive(final List<RdmaDevice> devices, final int port)
    {
        for (final RdmaDevice candidate : devices)
        {
            try (VerbsContext context = VerbsContext.open(candidate.name()))
            {
                if (context.attributes().physicalPorts() >= port && context.port(port).isActive())
                {
                    return candidate.name();
                }
            }
        }
        return devices.get(0).name(); // opening it then fails with the port's state and how to fix it
    }

    private static InetAddress gidAddress(final VerbsContext context, final int port, final int gidIndex)
    {
        final List<GidEntry> gids = context.gids(port);
        for (final GidEntry gid : gids)
        {
            if (gid.index() == gidIndex && gid.address() != null)
            {
                return gid.address();
            }
        }
        throw new IllegalStateException("rdma.gid-index=" + gidIndex + ": " + context.name() + " port " + port
            + " has no GID with an IP address at that index; its GIDs are " + gids.stream()
                .map(gid -> gid.index() + "=" + (gid.address() == null ? gid.gidText() : gid.address().getHostAddress()))
                .collect(Collectors.joining(", ")) + ". Pick one of them or unset rdma.gid-index.");
    }

    public VerbsContext context()
    {
        return context;
    }

    public ProtectionDomain protectionDomain()
    {
        return pd;
    }

    public RdmaConnector connector()
    {
        return connector;
    }

    /** The device name, e.g. {@code rxe0} or {@code mlx5_0}. */
    public String deviceName()
    {
        return context.name();
    }

    /** The port number in use (from 1). */
    public int port()
    {
        return port;
    }

    /** The port's attributes now (state, MTU, link layer), queried from the device. */
    public PortAttributes portAttributes()
    {
        return context.port(port);
    }

    /** The address of the GID {@code rdma.gid-index} selects, or {@code null} when unset. */
    public @Nullable InetAddress gidAddress()
    {
        return gidAddress;
    }

    /** Bytes of memory this process has pinned by registering it. */
    public long pinnedBytes()
    {
        return MemoryLimits.pinnedBytes();
    }

    /** RLIMIT_MEMLOCK in bytes, {@link Long#MAX_VALUE} when unlimited (or when CAP_IPC_LOCK lifts it). */
    public long memlockLimit()
    {
        return MemoryLimits.unlimitedByCapability() ? Long.MAX_VALUE : MemoryLimits.memlockLimit();
    }

    public boolean isClosed()
    {
        return closed;
    }

    /** Closes the connector, the protection domain and the context, in that order; safe to call twice. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        connector.close();
        pd.close();
        context.close();
        logger.info("Closed RDMA device " + context.name());
    }

    @Override
    public String toString()
    {
        return "RdmaResources[" + context.name() + " port " + port + "]";
    }
}

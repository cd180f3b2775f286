package io.rdmaspring.verbs;

import org.jspecify.annotations.Nullable;

/** The chosen port of an RDMA device is not ACTIVE, so it cannot carry traffic. */
public final class PortNotActiveException extends VerbsException
{
    private static final long serialVersionUID = 1L;

    private final String device;
    private final int port;
    private final PortState state;
    private final @Nullable String netdev;

    public PortNotActiveException(final String device, final int port, final PortState state)
    {
        this(device, port, state, null);
    }

    /** With {@code netdev}, the network interface behind a RoCE port, the advice names the interface to bring up. */
    public PortNotActiveException(final String device, final int port, final PortState state,
        final @Nullable String netdev)
    {
        super("ibv_query_port", 0, message(device, port, state, netdev));
        this.device = device;
        this.port = port;
        this.state = state;
        this.netdev = netdev;
    }

    public String device()
    {
        return device;
    }

    public int port()
    {
        return port;
    }

    public PortState state()
    {
        return state;
    }

    /** The network interface behind a RoCE or Soft-RoCE port, or {@code null} when none is known (InfiniBand). */
    public @Nullable String netdev()
    {
        return netdev;
    }

    private static String message(final String device, final int port, final PortState state,
        final @Nullable String netdev)
    {
        final String what = "Port " + port + " of RDMA device " + device + (netdev == null ? ""
            : " (on netdev " + netdev + ")") + " is " + state + ", not ACTIVE. Check the link: `rdma link show "
            + device + "/" + port + "`; ";
        return what + (netdev == null
            ? "for RoCE and Soft-RoCE the netdev behind it must be up (`ip link set <netdev> up`); for InfiniBand a "
            + "subnet manager must run."
            : netdev + " must be up with a carrier: `ip link set " + netdev + " up`, and check its cable or switch "
            + "port.");
    }
}

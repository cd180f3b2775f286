package io.rdmaspring.verbs;

/** The chosen port of an RDMA device is not ACTIVE, so it cannot carry traffic. */
public final class PortNotActiveException extends VerbsException
{
    private static final long serialVersionUID = 1L;

    private final String device;
    private final int port;
    private final PortState state;

    public PortNotActiveException(final String device, final int port, final PortState state)
    {
        super("ibv_query_port", 0, "Port " + port + " of RDMA device " + device + " is " + state
            + ", not ACTIVE. Check the link: `rdma link show " + device + "/" + port + "`; for Soft-RoCE the "
            + "netdev behind it must be up (`ip link set <netdev> up`); for InfiniBand a subnet manager must run.");
        this.device = device;
        this.port = port;
        this.state = state;
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
}

package io.rdmaspring.verbs;

/**
 * What {@code ibv_query_port} reported for one port.
 *
 * @param port           the port number, from 1
 * @param state          the logical state
 * @param maxMtu         the largest MTU the port supports, in bytes
 * @param activeMtu      the MTU in use, in bytes
 * @param gidTableLength the number of GID table entries
 * @param maxMessageSize the largest message the port carries, in bytes
 * @param lid            the base LID (InfiniBand only)
 * @param linkLayer      InfiniBand or Ethernet
 */
public record PortAttributes(
    int port, PortState state, int maxMtu, int activeMtu, int gidTableLength, long maxMessageSize, int lid,
    LinkLayer linkLayer)
{
    /** {@code enum ibv_mtu} counts from IBV_MTU_256 = 1. */
    static int mtuBytes(final int ibvMtu)
    {
        return ibvMtu <= 0 ? 0 : 128 << ibvMtu;
    }

    public boolean isActive()
    {
        return state == PortState.ACTIVE;
    }
}

package io.rdmaspring.verbs;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a port's GID table. On RoCE the GID holds the netdev's IP address, IPv4 as {@code ::ffff:a.b.c.d}.
 *
 * @param index          the index in the port's table
 * @param gid            the 16 GID bytes, network order
 * @param type           IB, RoCE v1 or RoCE v2
 * @param netdevIfindex  the ifindex of the netdev behind a RoCE GID, 0 for InfiniBand
 */
public record GidEntry(int index, byte[] gid, GidType type, int netdevIfindex)
{
    public GidEntry
    {
        gid = gid.clone();
    }

    @Override
    public byte[] gid()
    {
        return gid.clone();
    }

    /** The IP address the GID carries (IPv4 for an IPv4-mapped GID), or null for an InfiniBand GID. */
    public @Nullable InetAddress address()
    {
        if (type == GidType.IB)
        {
            return null;
        }
        try
        {
            final boolean ipv4Mapped = Arrays.equals(gid, 0, 12, IPV4_MAPPED_PREFIX, 0, 12);
            return ipv4Mapped ? InetAddress.getByAddress(Arrays.copyOfRange(gid, 12, 16)) : InetAddress.getByAddress(gid);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Whether this entry is RoCE v2 and carries an IPv4 address. */
    public boolean isRoceV2Ipv4()
    {
        return type == GidType.ROCE_V2 && address() instanceof Inet4Address;
    }

    /** The GID as {@code ibv_devinfo} prints it: eight groups of four hex digits. */
    public String gidText()
    {
        final StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < gid.length; i += 2)
        {
            text.append(i == 0 ? "" : ":").append(String.format("%02x%02x", gid[i], gid[i + 1]));
        }
        return text.toString();
    }

    @Override
    public String toString()
    {
        final InetAddress address = address();
        return "GID[" + index + "] " + gidText() + " " + type.displayName() + (address == null ? "" : " " + address.getHostAddress());
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof GidEntry that && index == that.index && type == that.type
            && netdevIfindex == that.netdevIfindex && Arrays.equals(gid, that.gid);
    }

    @Override
    public int hashCode()
    {
        return 31 * index + Arrays.hashCode(gid);
    }

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)0xff, (byte)0xff, 0, 0, 0, 0};
}

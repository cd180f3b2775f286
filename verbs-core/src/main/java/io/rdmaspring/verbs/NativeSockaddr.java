package io.rdmaspring.verbs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/** Converts between {@link InetSocketAddress} and {@code struct sockaddr_in}/{@code sockaddr_in6}. */
final class NativeSockaddr
{
    private NativeSockaddr()
    {
    }

    /** A newly allocated sockaddr for {@code address}, which must be resolved. */
    static Memory of(final InetSocketAddress address)
    {
        final InetAddress ip = address.getAddress();
        if (ip == null)
        {
            throw new IllegalArgumentException("Cannot resolve host " + address.getHostString());
        }
        final Memory sockaddr = new Memory(SockaddrDescriptor.SIZE_IN6);
        sockaddr.clear();
        final short port = Short.reverseBytes((short)address.getPort());
        sockaddr.setShort(SockaddrDescriptor.PORT_OFFSET, port);
        if (ip instanceof Inet4Address)
        {
            sockaddr.setShort(0, (short)SockaddrDescriptor.AF_INET);
            sockaddr.write(SockaddrDescriptor.ADDR4_OFFSET, ip.getAddress(), 0, 4);
        }
        else
        {
            sockaddr.setShort(0, (short)SockaddrDescriptor.AF_INET6);
            sockaddr.write(SockaddrDescriptor.ADDR6_OFFSET, ip.getAddress(), 0, 16);
            sockaddr.setInt(SockaddrDescriptor.SCOPE_ID_OFFSET, ((Inet6Address)ip).getScopeId());
        }
        return sockaddr;
    }

    /** The address at {@code sockaddr}, or null for an unset or unknown family. */
    static @Nullable InetSocketAddress read(final Pointer sockaddr)
    {
        final int family = Short.toUnsignedInt(sockaddr.getShort(0));
        final int port = Short.toUnsignedInt(Short.reverseBytes(sockaddr.getShort(SockaddrDescriptor.PORT_OFFSET)));
        try
        {
            if (family == SockaddrDescriptor.AF_INET)
            {
                return new InetSocketAddress(
                    InetAddress.getByAddress(sockaddr.getByteArray(SockaddrDescriptor.ADDR4_OFFSET, 4)), port);
            }
            if (family == SockaddrDescriptor.AF_INET6)
            {
                return new InetSocketAddress(
                    InetAddress.getByAddress(sockaddr.getByteArray(SockaddrDescriptor.ADDR6_OFFSET, 16)), port);
            }
            return null;
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }
}

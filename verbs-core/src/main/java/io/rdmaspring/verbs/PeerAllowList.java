package io.rdmaspring.verbs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The peer addresses an acceptor lets connect: single addresses ({@code 10.0.0.7}, {@code fe80::1}) and CIDR blocks
 * ({@code 10.0.0.0/24}). Empty means every peer may connect. Entries must be IP literals: a host name would make
 * the decision depend on DNS at connect time.
 */
public final class PeerAllowList
{
    private static final PeerAllowList ANY = new PeerAllowList(List.of(), List.of());

    private final List<byte[]> networks;
    private final List<Integer> prefixes;

    private PeerAllowList(final List<byte[]> networks, final List<Integer> prefixes)
    {
        this.networks = networks;
        this.prefixes = prefixes;
    }

    /** Allows every peer. */
    public static PeerAllowList any()
    {
        return ANY;
    }

    /** Parses {@code entries}; throws {@link IllegalArgumentException} naming the first entry that is not valid. */
    public static PeerAllowList of(final Collection<String> entries)
    {
        final List<byte[]> networks = new ArrayList<>();
        final List<Integer> prefixes = new ArrayList<>();
        for (final String entry : entries)
        {
            final String text = entry.trim();
            final int slash = text.indexOf('/');
            final byte[] address = literal(slash < 0 ? text : text.substring(0, slash), entry);
            final int bits = address.length * 8;
            final int prefix = slash < 0 ? bits : prefix(text.substring(slash + 1), bits, entry);
            networks.add(masked(address, prefix));
            prefixes.add(prefix);
        }
        return networks.isEmpty() ? ANY : new PeerAllowList(List.copyOf(networks), List.copyOf(prefixes));
    }

    /** Whether no entry restricts peers. */
    public boolean allowsEveryone()
    {
        return networks.isEmpty();
    }

    /** Whether {@code peer} is on the list (always, when the list is empty). */
    public boolean allows(final InetAddress peer)
    {
        if (networks.isEmpty())
        {
            return true;
        }
        final byte[] address = peer.getAddress();
        for (int i = 0; i < networks.size(); i++)
        {
            final byte[] network = networks.get(i);
            if (network.length == address.length && java.util.Arrays.equals(network, masked(address, prefixes.get(i))))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] literal(final String text, final String entry)
    {
        final boolean ipv6 = text.indexOf(':') >= 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0
            || c == '.' || c == ':');
        final boolean ipv4 = text.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')
            && text.split("\\.", -1).length == 4;
        if (!ipv4 && !ipv6)
        {
            throw invalid(entry, "it is not an IP address");
        }
        try
        {
            // A dotted quad or a text with colons: getByName parses the literal and never asks DNS.
            return InetAddress.getByName(text).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw invalid(entry, "it is not an IP address");
        }
    }

    private static int prefix(final String text, final int bits, final String entry)
    {
        try
        {
            final int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= bits)
            {
                return prefix;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw invalid(entry, "the prefix length must be 0 to " + bits);
    }

    private static byte[] masked(final byte[] address, final int prefix)
    {
        final byte[] result = address.clone();
        for (int bit = prefix; bit < result.length * 8; bit++)
        {
            result[bit >>> 3] &= (byte)~(0x80 >>> (bit & 7));
        }
        return result;
    }

    private static IllegalArgumentException invalid(final String entry, final String why)
    {
        return new IllegalArgumentException("Allowed peer '" + entry + "' is not valid: " + why + ". Use an IP "
            + "address (10.0.0.7, fe80::1) or a CIDR block (10.0.0.0/24).");
    }

    @Override
    public String toString()
    {
        final List<String> entries = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++)
        {
            try
            {
                entries.add(InetAddress.getByAddress(networks.get(i)).getHostAddress() + "/" + prefixes.get(i));
            }
            catch (final UnknownHostException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return entries.isEmpty() ? "any peer" : String.join(", ", entries);
    }
}

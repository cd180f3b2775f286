package io.rdmaspring.boot.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

import io.rdmaspring.boot.frame.FrameDescriptor;

/**
 * A destination on a peer: the service listening at {@code host:port} and the name its listeners are registered
 * under, written {@code rdma://host:port/name}.
 *
 * @param host the peer's host name or IP address; an IPv6 address without brackets
 * @param port the peer's listening port, 1 to 65535
 * @param name the destination name, at most 255 bytes of UTF-8
 */
public record RdmaDestination(String host, int port, String name)
{
    public static final String SCHEME = "rdma";
    /** The port a peer listens on when a URI names none: the letters "RDMA" on a phone keypad. */
    public static final int DEFAULT_PORT = 7362;
    public static final int MAX_PORT = 0xFFFF;

    public RdmaDestination
    {
        if (host.isBlank())
        {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > MAX_PORT)
        {
            throw new IllegalArgumentException("port " + port + " is out of range 1-" + MAX_PORT);
        }
        if (name.isEmpty())
        {
            throw new IllegalArgumentException("destination name must not be empty");
        }
        final int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameLength > FrameDescriptor.MAX_DESTINATION_LENGTH)
        {
            throw new IllegalArgumentException("destination name is " + nameLength + " bytes of UTF-8; at most "
                + FrameDescriptor.MAX_DESTINATION_LENGTH + " fit in a frame");
        }
    }

    /**
     * Parses {@code rdma://host[:port]/name}. The port defaults to {@link #DEFAULT_PORT}; an IPv6 host goes in
     * brackets; the name may be percent-encoded.
     *
     * @throws IllegalArgumentException naming the URI and what is wrong with it
     */
    public static RdmaDestination parse(final String uri)
    {
        return RdmaUriParser.parse(uri, null);
    }

    /**
     * Parses the peer URI of a route, {@code rdma://host[:port][/name]}. Without a name the destination keeps the
     * route's logical name.
     *
     * @throws IllegalArgumentException naming the URI and what is wrong with it
     */
    public static RdmaDestination parseRoute(final String logicalName, final String uri)
    {
        return RdmaUriParser.parse(uri, logicalName);
    }

    /** Whether the text is meant as a URI ({@code rdma:…}) rather than a logical name. */
    public static boolean isUri(final String text)
    {
        return text.regionMatches(true, 0, SCHEME + ":", 0, SCHEME.length() + 1);
    }

    /** The destination as a URI, with the name percent-encoded where it must be. */
    public URI toUri()
    {
        try
        {
            return new URI(SCHEME, null, host, port, "/" + name, null, null);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("Cannot write " + host + ":" + port + " as a URI", ex);
        }
    }

    @Override
    public String toString()
    {
        return toUri().toString();
    }
}

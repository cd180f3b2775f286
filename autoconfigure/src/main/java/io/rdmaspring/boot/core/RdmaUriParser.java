package io.rdmaspring.boot.core;

import java.net.URI;
import java.net.URISyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * Parses {@code rdma://host[:port][/name]} strictly. The authority is split here rather than by {@link URI}, which
 * silently treats a bad port or an unusual host as a registry-based authority with no host at all.
 */
final class RdmaUriParser
{
    private static final String EXPECTED = "expected rdma://host:port/destination";

    private RdmaUriParser()
    {
    }

    static RdmaDestination parse(final String text, final @Nullable String defaultName)
    {
        if (text.isBlank())
        {
            throw invalid(text, "it is empty; " + EXPECTED);
        }
        final URI uri = toUri(text);
        if (uri.getScheme() == null || !RdmaDestination.SCHEME.equalsIgnoreCase(uri.getScheme()))
        {
            throw invalid(text, "the scheme must be " + RdmaDestination.SCHEME + "; " + EXPECTED);
        }
        final String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty())
        {
            throw invalid(text, "it has no host; " + EXPECTED);
        }
        if (authority.indexOf('@') >= 0)
        {
            throw invalid(text, "it must not carry user information");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null)
        {
            throw invalid(text, "it must not have a query or a fragment");
        }
        final String host = host(text, authority);
        final int port = port(text, authority.substring(host.length() + (authority.startsWith("[") ? 2 : 0)));
        final String name = name(text, uri.getPath(), defaultName);
        try
        {
            return new RdmaDestination(host, port, name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid(text, ex.getMessage());
        }
    }

    private static URI toUri(final String text)
    {
        try
        {
            return new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            throw invalid(text, "it is not a valid URI: " + ex.getMessage());
        }
    }

    private static String host(final String text, final String authority)
    {
        if (authority.startsWith("["))
        {
            final int close = authority.indexOf(']');
            if (close < 0)
            {
                throw invalid(text, "the IPv6 address has no closing ']'");
            }
            return authority.substring(1, close);
        }
        final int colon = authority.indexOf(':');
        if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0)
        {
            throw invalid(text, "an IPv6 address must be written in brackets, as rdma://[::1]:port/destination");
        }
        final String host = colon < 0 ? authority : authority.substring(0, colon);
        if (host.isEmpty())
        {
            throw invalid(text, "it has no host; " + EXPECTED);
        }
        return host;
    }

    /** Reads the {@code :port} that follows the host, if any. */
    private static int port(final String text, final String afterHost)
    {
        if (afterHost.isEmpty() || afterHost.equals(":"))
        {
            return RdmaDestination.DEFAULT_PORT;
        }
        final String digits = afterHost.substring(1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw invalid(text, "port '" + digits + "' is not a number between 1 and " + RdmaDestination.MAX_PORT);
        }
        final int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < 1 || port > RdmaDestination.MAX_PORT)
        {
            throw invalid(text, "port " + digits + " is out of range 1-" + RdmaDestination.MAX_PORT);
        }
        return port;
    }

    private static String name(final String text, final @Nullable String path, final @Nullable String defaultName)
    {
        if (path == null || path.isEmpty() || path.equals("/"))
        {
            if (defaultName == null)
            {
                throw invalid(text, "the destination name is empty; " + EXPECTED);
            }
            return defaultName;
        }
        return path.substring(1);
    }

    private static IllegalArgumentException invalid(final String text, final @Nullable String problem)
    {
        return new IllegalArgumentException("Invalid RDMA destination '" + text + "': " + problem);
    }
}

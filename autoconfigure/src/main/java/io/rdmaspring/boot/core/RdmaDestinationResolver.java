package io.rdmaspring.boot.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.messaging.core.DestinationResolutionException;
import org.springframework.messaging.core.DestinationResolver;

/**
 * Resolves what an application sends to: a full {@code rdma://host:port/name} URI as it is, or a logical name
 * through the routes ({@code rdma.routes}), each of which maps a name to a peer {@code rdma://host:port} and
 * optionally to a different name there. All routes are parsed up front, so a bad one fails at startup.
 */
public final class RdmaDestinationResolver implements DestinationResolver<RdmaDestination>
{
    private final Map<String, RdmaDestination> routes;

    /**
     * @param routes logical name to peer URI, {@code rdma://host[:port][/name]}
     * @throws IllegalArgumentException naming the first route that is not a valid peer URI
     */
    public RdmaDestinationResolver(final Map<String, String> routes)
    {
        final Map<String, RdmaDestination> parsed = new LinkedHashMap<>();
        routes.forEach((name, uri) -> parsed.put(name, parseRoute(name, uri)));
        this.routes = Collections.unmodifiableMap(parsed);
    }

    private static RdmaDestination parseRoute(final String name, final String uri)
    {
        try
        {
            return RdmaDestination.parseRoute(name, uri);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("Route rdma.routes[" + name + "]: " + ex.getMessage(), ex);
        }
    }

    /** The parsed routes by logical name. */
    public Map<String, RdmaDestination> routes()
    {
        return routes;
    }

    @Override
    public RdmaDestination resolveDestination(final String name)
    {
        if (name.isBlank())
        {
            throw new DestinationResolutionException("Destination must not be empty: give a logical name from "
                + "rdma.routes or an rdma://host:port/destination URI");
        }
        if (RdmaDestination.isUri(name))
        {
            try
            {
                return RdmaDestination.parse(name);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new DestinationResolutionException(ex.getMessage(), ex);
            }
        }
        final RdmaDestination destination = routes.get(name);
        if (destination == null)
        {
            throw new DestinationResolutionException("No route for destination '" + name + "': set rdma.routes["
                + name + "]=rdma://host:port or send to rdma://host:port/" + name + "; known routes: "
                + routes.keySet());
        }
        return destination;
    }
}

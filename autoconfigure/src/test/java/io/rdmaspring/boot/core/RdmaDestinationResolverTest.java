package io.rdmaspring.boot.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.core.DestinationResolutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RdmaDestinationResolverTest
{
    private final RdmaDestinationResolver resolver = new RdmaDestinationResolver(routes());

    @Test
    void shouldResolveALogicalNameThroughItsRoute()
    {
        assertThat(resolver.resolveDestination("orders")).isEqualTo(new RdmaDestination("orders-host", 7000, "orders"));
    }

    @Test
    void shouldResolveARouteThatRenamesTheDestination()
    {
        assertThat(resolver.resolveDestination("billing")).isEqualTo(new RdmaDestination("billing-host", 7362, "invoices"));
    }

    @Test
    void shouldResolveAFullUriWithoutARoute()
    {
        assertThat(resolver.resolveDestination("rdma://elsewhere:1/q")).isEqualTo(new RdmaDestination("elsewhere", 1, "q"));
    }

    @Test
    void shouldRejectAnUnknownRouteListingTheKnownOnes()
    {
        assertThatExceptionOfType(DestinationResolutionException.class)
            .isThrownBy(() -> resolver.resolveDestination("users"))
            .withMessage("No route for destination 'users': set rdma.routes[users]=rdma://host:port or send to "
                + "rdma://host:port/users; known routes: [orders, billing]");
    }

    @Test
    void shouldRejectAnInvalidUriAsAResolutionFailure()
    {
        assertThatExceptionOfType(DestinationResolutionException.class)
            .isThrownBy(() -> resolver.resolveDestination("rdma://h:0/q"))
            .withMessage("Invalid RDMA destination 'rdma://h:0/q': port 0 is out of range 1-65535")
            .withCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAnEmptyDestination()
    {
        assertThatExceptionOfType(DestinationResolutionException.class)
            .isThrownBy(() -> resolver.resolveDestination(""))
            .withMessageStartingWith("Destination must not be empty");
    }

    @Test
    void shouldRejectAnInvalidRouteWhenCreated()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RdmaDestinationResolver(Map.of("orders", "rdma://:7000")))
            .withMessage("Route rdma.routes[orders]: Invalid RDMA destination 'rdma://:7000': it has no host; "
                + "expected rdma://host:port/destination");
    }

    @Test
    void shouldExposeTheParsedRoutesInOrder()
    {
        assertThat(resolver.routes()).containsOnlyKeys("orders", "billing");
        assertThat(resolver.routes().keySet()).containsExactly("orders", "billing");
    }

    private static Map<String, String> routes()
    {
        final Map<String, String> routes = new LinkedHashMap<>();
        routes.put("orders", "rdma://orders-host:7000");
        routes.put("billing", "rdma://billing-host/invoices");
        return routes;
    }
}

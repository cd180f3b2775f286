package io.rdmaspring.boot.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RdmaDestinationTest
{
    @Test
    void shouldParseHostPortAndName()
    {
        assertThat(RdmaDestination.parse("rdma://orders-service:9000/orders"))
            .isEqualTo(new RdmaDestination("orders-service", 9000, "orders"));
    }

    @Test
    void shouldUseTheDefaultPortWhenTheUriNamesNone()
    {
        assertThat(RdmaDestination.parse("rdma://10.0.0.7/orders").port()).isEqualTo(RdmaDestination.DEFAULT_PORT);
    }

    @Test
    void shouldReadAnIpv6AddressInBrackets()
    {
        assertThat(RdmaDestination.parse("rdma://[fe80::1]:7000/q")).isEqualTo(new RdmaDestination("fe80::1", 7000, "q"));
    }

    @Test
    void shouldAcceptHostNamesThatJavaNetUriCannotParseAsServers()
    {
        assertThat(RdmaDestination.parse("rdma://order_service:7000/q").host()).isEqualTo("order_service");
    }

    @Test
    void shouldAcceptTheSchemeInAnyCase()
    {
        assertThat(RdmaDestination.parse("RDMA://h:1/q")).isEqualTo(new RdmaDestination("h", 1, "q"));
    }

    @Test
    void shouldKeepSlashesInTheName()
    {
        assertThat(RdmaDestination.parse("rdma://h:1/orders/created").name()).isEqualTo("orders/created");
    }

    @Test
    void shouldDecodeAndReEncodeTheName()
    {
        final RdmaDestination destination = RdmaDestination.parse("rdma://h:1/zam%C3%B3wienia%20nowe");

        assertThat(destination.name()).isEqualTo("zamówienia nowe");
        assertThat(RdmaDestination.parse(destination.toString())).isEqualTo(destination);
    }

    @Test
    void shouldWriteIpv6HostsInBrackets()
    {
        assertThat(new RdmaDestination("::1", 7362, "q").toString()).isEqualTo("rdma://[::1]:7362/q");
    }

    @Test
    void shouldLetARouteWithoutNameKeepTheLogicalName()
    {
        assertThat(RdmaDestination.parseRoute("orders", "rdma://h:1")).isEqualTo(new RdmaDestination("h", 1, "orders"));
        assertThat(RdmaDestination.parseRoute("orders", "rdma://h:1/")).isEqualTo(new RdmaDestination("h", 1, "orders"));
        assertThat(RdmaDestination.parseRoute("orders", "rdma://h:1/v2")).isEqualTo(new RdmaDestination("h", 1, "v2"));
    }

    @Test
    void shouldTellUrisFromLogicalNames()
    {
        assertThat(RdmaDestination.isUri("rdma://h/q")).isTrue();
        assertThat(RdmaDestination.isUri("Rdma:x")).isTrue();
        assertThat(RdmaDestination.isUri("orders")).isFalse();
        assertThat(RdmaDestination.isUri("rdma")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rdma:///orders", "rdma://:7362/orders"})
    void shouldRejectAMissingHost(final String uri)
    {
        assertInvalid(uri, "it has no host; expected rdma://host:port/destination");
    }

    @Test
    void shouldRejectAnOpaqueUri()
    {
        assertInvalid("rdma:orders", "it has no host; expected rdma://host:port/destination");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "70000", "99999999999"})
    void shouldRejectAPortOutOfRange(final String port)
    {
        assertInvalid("rdma://h:" + port + "/q", "port " + port + " is out of range 1-65535");
    }

    @Test
    void shouldRejectAPortThatIsNotANumber()
    {
        assertInvalid("rdma://h:http/q", "port 'http' is not a number between 1 and 65535");
    }

    @Test
    void shouldRejectAnEmptyDestinationName()
    {
        assertInvalid("rdma://h:1/", "the destination name is empty; expected rdma://host:port/destination");
    }

    @Test
    void shouldRejectAUriWithoutPath()
    {
        assertInvalid("rdma://h:1", "the destination name is empty; expected rdma://host:port/destination");
    }

    @Test
    void shouldRejectAnotherScheme()
    {
        assertInvalid("tcp://h:1/q", "the scheme must be rdma; expected rdma://host:port/destination");
    }

    @Test
    void shouldRejectAUriWithoutScheme()
    {
        assertInvalid("//h:1/q", "the scheme must be rdma; expected rdma://host:port/destination");
    }

    @Test
    void shouldRejectAnEmptyString()
    {
        assertInvalid(" ", "it is empty; expected rdma://host:port/destination");
    }

    @Test
    void shouldRejectUserInformation()
    {
        assertInvalid("rdma://me@h:1/q", "it must not carry user information");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rdma://h:1/q?x=1", "rdma://h:1/q#part"})
    void shouldRejectAQueryOrFragment(final String uri)
    {
        assertInvalid(uri, "it must not have a query or a fragment");
    }

    @Test
    void shouldRejectAnIpv6AddressWithoutBrackets()
    {
        assertInvalid("rdma://fe80::1/q", "an IPv6 address must be written in brackets, as rdma://[::1]:port/destination");
    }

    @Test
    void shouldRejectTextAfterTheBracketedHost()
    {
        assertInvalid("rdma://[::1]x/q", "it is not a valid URI: Expected port number at index 12: rdma://[::1]x/q");
    }

    @Test
    void shouldRejectInvalidUriSyntax()
    {
        assertInvalid("rdma://my host:1/q", "it is not a valid URI: Illegal character in authority at index 7: "
            + "rdma://my host:1/q");
    }

    @Test
    void shouldRejectANameTooLongForAFrame()
    {
        assertInvalid("rdma://h:1/" + "n".repeat(256), "destination name is 256 bytes of UTF-8; at most 255 fit in a frame");
    }

    @Test
    void shouldRejectInvalidPartsWhenBuiltDirectly()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> new RdmaDestination(" ", 1, "q"))
            .withMessage("host must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> new RdmaDestination("h", 0, "q"))
            .withMessage("port 0 is out of range 1-65535");
        assertThatIllegalArgumentException().isThrownBy(() -> new RdmaDestination("h", 1, ""))
            .withMessage("destination name must not be empty");
    }

    private static void assertInvalid(final String uri, final String problem)
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RdmaDestination.parse(uri))
            .withMessage("Invalid RDMA destination '" + uri + "': " + problem);
    }
}

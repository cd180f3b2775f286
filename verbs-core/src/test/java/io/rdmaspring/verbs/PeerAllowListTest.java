package io.rdmaspring.verbs;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerAllowListTest
{
    @Test
    void shouldAllowEveryoneWhenEmpty() throws Exception
    {
        final PeerAllowList list = PeerAllowList.of(List.of());

        assertThat(list.allowsEveryone()).isTrue();
        assertThat(list.allows(InetAddress.getByName("192.0.2.1"))).isTrue();
    }

    @Test
    void shouldMatchSingleAddressesExactly() throws Exception
    {
        final PeerAllowList list = PeerAllowList.of(List.of("10.77.0.1", " fe80::1 "));

        assertThat(list.allows(InetAddress.getByName("10.77.0.1"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("10.77.0.2"))).isFalse();
        assertThat(list.allows(InetAddress.getByName("fe80::1"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("fe80::2"))).isFalse();
    }

    @Test
    void shouldMatchCidrBlocksOnPrefixBitsOnly() throws Exception
    {
        final PeerAllowList list = PeerAllowList.of(List.of("10.77.0.0/24", "172.16.0.0/12", "2001:db8::/32"));

        assertThat(list.allows(InetAddress.getByName("10.77.0.255"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("10.77.1.0"))).isFalse();
        assertThat(list.allows(InetAddress.getByName("172.31.255.254"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("172.32.0.1"))).isFalse();
        assertThat(list.allows(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(list.toString()).isEqualTo("10.77.0.0/24, 172.16.0.0/12, 2001:db8:0:0:0:0:0:0/32");
    }

    @Test
    void shouldNeverMatchAnIpv4PeerAgainstAnIpv6Block() throws Exception
    {
        final PeerAllowList list = PeerAllowList.of(List.of("::/0"));

        assertThat(list.allows(InetAddress.getByName("10.77.0.1"))).isFalse();
        assertThat(PeerAllowList.of(List.of("0.0.0.0/0")).allows(InetAddress.getByName("10.77.0.1"))).isTrue();
    }

    @Test
    void shouldAcceptIpv4MappedPeersAsIpv4() throws Exception
    {
        final PeerAllowList list = PeerAllowList.of(List.of("10.77.0.0/16"));

        assertThat(list.allows(InetAddress.getByName("::ffff:10.77.3.4"))).isTrue();
    }

    @Test
    void shouldRejectHostNamesAndBadPrefixesNamingTheEntry()
    {
        assertThatThrownBy(() -> PeerAllowList.of(List.of("10.0.0.1", "db-server")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'db-server'")
            .hasMessageContaining("not an IP address")
            .hasMessageContaining("10.0.0.0/24");
        assertThatThrownBy(() -> PeerAllowList.of(List.of("cafe")))
            .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> PeerAllowList.of(List.of("10.1")))
            .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> PeerAllowList.of(List.of("10.0.0.0/33")))
            .hasMessageContaining("prefix length must be 0 to 32");
        assertThatThrownBy(() -> PeerAllowList.of(List.of("10.0.0.0/x")))
            .hasMessageContaining("prefix length must be 0 to 32");
        assertThatThrownBy(() -> PeerAllowList.of(List.of("fe80::/129")))
            .hasMessageContaining("prefix length must be 0 to 128");
    }
}

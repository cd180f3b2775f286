package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionGateTest
{
    private static final String SECRET = "a-secret-of-sixteen-or-more";
    private static final long NOW = 1_800_000_000L;
    private static final InetSocketAddress PEER = new InetSocketAddress("10.77.0.1", 40_000);
    private static final byte[] HANDSHAKE = new ConnectionHandshake(16, 4096, 0x1000, 7).encode();

    @Test
    void shouldLetEveryoneInWithoutSecurity()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity());

        assertThat(gate.refusal(PEER, HANDSHAKE, 1_000, NOW)).isNull();
    }

    @Test
    void shouldRefusePeersOffTheAllowListNamingTheAddressAndTheProperty()
    {
        final ConnectionGate excluding = new ConnectionGate(new ConnectionSecurity()
            .allowedPeers(PeerAllowList.of(List.of("10.78.0.0/16"))));
        final ConnectionGate including = new ConnectionGate(new ConnectionSecurity()
            .allowedPeers(PeerAllowList.of(List.of("10.78.0.0/16", "10.77.0.1"))));

        assertThat(excluding.refusal(PEER, HANDSHAKE, 0, NOW))
            .isEqualTo("the server's allow-list (rdma.security.allowed-peers) does not include 10.77.0.1");
        assertThat(excluding.refusal(null, HANDSHAKE, 0, NOW)).endsWith("does not include an unknown address");
        assertThat(including.refusal(PEER, HANDSHAKE, 0, NOW)).isNull();
    }

    @Test
    void shouldAcceptAFreshTokenOnceAndRefuseItsReplay()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity().sharedSecret(SECRET));
        final byte[] request = token(SECRET, NOW - 30, 1);

        assertThat(gate.refusal(PEER, request, 0, NOW)).isNull();
        assertThat(gate.refusal(PEER, request, 0, NOW + 1)).isEqualTo(ConnectionGate.TOKEN_REPLAYED);
        assertThat(gate.refusal(PEER, token(SECRET, NOW, 2), 0, NOW + 1)).isNull();
    }

    @Test
    void shouldForgetNoncesOnlyOnceTheirTokensAreStale()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity().sharedSecret(SECRET)
            .tokenWindow(Duration.ofSeconds(60)));
        final byte[] request = token(SECRET, NOW, 1);

        assertThat(gate.refusal(PEER, request, 0, NOW)).isNull();
        assertThat(gate.refusal(PEER, request, 0, NOW + 60)).isEqualTo(ConnectionGate.TOKEN_REPLAYED);
        assertThat(gate.refusal(PEER, request, 0, NOW + 61)).isEqualTo(ConnectionGate.TOKEN_STALE);
    }

    @Test
    void shouldRefuseTokensOutsideTheWindowOnEitherSide()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity().sharedSecret(SECRET)
            .tokenWindow(Duration.ofSeconds(60)));

        assertThat(gate.refusal(PEER, token(SECRET, NOW - 61, 1), 0, NOW)).isEqualTo(ConnectionGate.TOKEN_STALE);
        assertThat(gate.refusal(PEER, token(SECRET, NOW + 61, 2), 0, NOW)).isEqualTo(ConnectionGate.TOKEN_STALE);
        assertThat(gate.refusal(PEER, token(SECRET, NOW + 60, 3), 0, NOW)).isNull();
    }

    @Test
    void shouldTellAClientWithoutOrWithAnotherSecretWhatToSet()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity().sharedSecret(SECRET));

        assertThat(gate.refusal(PEER, Arrays.copyOf(HANDSHAKE, 56), 0, NOW)).isEqualTo(ConnectionGate.TOKEN_MISSING)
            .contains("rdma.security.shared-secret");
        assertThat(gate.refusal(PEER, token("another-secret-of-16-bytes", NOW, 1), 0, NOW))
            .isEqualTo(ConnectionGate.TOKEN_WRONG).contains("rdma.security.shared-secret");
    }

    @Test
    void shouldNotLetABadTokenUseUpItsNonce()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity().sharedSecret(SECRET));

        assertThat(gate.refusal(PEER, token("another-secret-of-16-bytes", NOW, 5), 0, NOW))
            .isEqualTo(ConnectionGate.TOKEN_WRONG);
        assertThat(gate.refusal(PEER, token(SECRET, NOW, 5), 0, NOW)).isNull();
    }

    @Test
    void shouldRefuseBeyondTheConnectionLimit()
    {
        final ConnectionGate gate = new ConnectionGate(new ConnectionSecurity().maxConnections(2));

        assertThat(gate.refusal(PEER, HANDSHAKE, 1, NOW)).isNull();
        assertThat(gate.refusal(PEER, HANDSHAKE, 2, NOW))
            .isEqualTo("the server has reached its connection limit (rdma.security.max-connections = 2); retry later "
                + "or raise it");
    }

    @Test
    void shouldKeepEveryRefusalWithinTheRejectPrivateData()
    {
        for (final String refusal : List.of(ConnectionGate.TOKEN_MISSING, ConnectionGate.TOKEN_WRONG,
            ConnectionGate.TOKEN_STALE, ConnectionGate.TOKEN_REPLAYED,
            ConnectionGate.NOT_ALLOWED + "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            ConnectionGate.LIMIT_REACHED + Integer.MAX_VALUE + "); retry later or raise it"))
        {
            assertThat(refusal.length()).as(refusal).isLessThanOrEqualTo(CmConnection.MAX_REJECT_PRIVATE_DATA);
        }
    }

    @Test
    void shouldRefuseWeakSecretsAndNeverPrintOne()
    {
        assertThatThrownBy(() -> new ConnectionSecurity().sharedSecret("too-short").conclude())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("9 bytes")
            .hasMessageContaining("at least 16")
            .hasMessageNotContaining("too-short");
        assertThat(new ConnectionSecurity().sharedSecret(SECRET).toString()).doesNotContain(SECRET)
            .contains("sharedSecret=set");
        assertThat(new ConnectionConfig().security(new ConnectionSecurity().sharedSecret(SECRET)).toString())
            .doesNotContain(SECRET);
        assertThatThrownBy(() -> new ConnectionSecurity().maxConnections(-1).conclude())
            .hasMessageContaining("0 for no limit");
    }

    private static byte[] token(final String secret, final long timestamp, final long nonce)
    {
        return ConnectionToken.sign(new ConnectionSecurity().sharedSecret(secret).secret(), HANDSHAKE, timestamp,
            nonce);
    }
}

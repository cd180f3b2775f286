package io.rdmaspring.verbs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.rdmaspring.verbs.RdmaConnectionTest.MessageHandlerAdapter;
import io.rdmaspring.verbs.RdmaConnectionTest.PatternChecker;
import io.rdmaspring.verbs.RdmaConnectionTest.Peer;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authentication, allow-list, connection limit and memory access flags of real connections. */
@RdmaTest
class ConnectionSecurityTest
{
    private static final String SECRET = "the-shared-secret-of-this-test";

    @RegisterExtension
    final RdmaFixture rdma = new RdmaFixture();

    @Test
    void shouldConnectAndCarryMessagesWhenBothSidesShareTheSecret() throws Exception
    {
        final PatternChecker checker = new PatternChecker();
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity().sharedSecret(SECRET)), checker))
        {
            final RdmaConnection client = server.connect(rdma, config(new ConnectionSecurity().sharedSecret(SECRET)),
                MessageHandlerAdapter.IGNORE);
            RdmaConnectionTest.sendPattern(client, server, 100);
            RdmaConnectionTest.awaitAcknowledged(client, server, 1);

            assertThat(checker.received.get()).isEqualTo(1);
            assertThat(checker.errors).isEmpty();
            client.close();
        }
    }

    @Test
    void shouldRejectAnotherSecretAndSaySoOnBothSides() throws Exception
    {
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity().sharedSecret(SECRET)),
            new PatternChecker()))
        {
            final String serverLog = serverLogWhile(() -> assertRejected(server,
                new ConnectionSecurity().sharedSecret("another-secret-of-this-test"), "rejected the connection: "
                + "authentication failed: check that rdma.security.shared-secret is the same on both sides"));

            assertThat(serverLog).contains("WARN").contains("Rejected the RDMA connection from /"
                + RdmaTestEnvironment.address()).contains("authentication failed").doesNotContain(SECRET);
            assertThat(server.accepted).isEmpty();
        }
    }

    @Test
    void shouldRejectAClientWithoutTheSecretTheServerRequires() throws Exception
    {
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity().sharedSecret(SECRET)),
            new PatternChecker()))
        {
            assertRejected(server, new ConnectionSecurity(), "rejected the connection: authentication required: the "
                + "server has a shared secret; set the same rdma.security.shared-secret on this client");
            assertThat(server.accepted).isEmpty();
        }
    }

    @Test
    void shouldNotTrustAServerThatCannotProveTheSecret() throws Exception
    {
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity()), new PatternChecker()))
        {
            assertRejected(server, new ConnectionSecurity().sharedSecret(SECRET), "did not prove it knows the shared "
                + "secret");
        }
    }

    @Test
    void shouldRejectPeersOffTheAllowListAndAcceptThoseOnIt() throws Exception
    {
        final String address = RdmaTestEnvironment.address();
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity()
            .allowedPeers(PeerAllowList.of(List.of("192.0.2.0/24", "2001:db8::/32")))), new PatternChecker()))
        {
            final String serverLog = serverLogWhile(() -> assertRejected(server, new ConnectionSecurity(),
                "rejected the connection: the server's allow-list (rdma.security.allowed-peers) does not include "
                + address));
            assertThat(serverLog).contains("WARN").contains("Rejected the RDMA connection from /" + address);
            assertThat(server.accepted).isEmpty();
        }
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity()
            .allowedPeers(PeerAllowList.of(List.of("192.0.2.0/24", address + "/32")))), new PatternChecker()))
        {
            server.connect(rdma, config(new ConnectionSecurity()), MessageHandlerAdapter.IGNORE).close();
        }
    }

    @Test
    void shouldRejectConnectionsBeyondTheLimitUntilOneCloses() throws Exception
    {
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity().maxConnections(1)),
            new PatternChecker()))
        {
            final RdmaConnection first = server.connect(rdma, config(new ConnectionSecurity()),
                MessageHandlerAdapter.IGNORE);

            assertRejected(server, new ConnectionSecurity(), "rejected the connection: the server has reached its "
                + "connection limit (rdma.security.max-connections = 1); retry later or raise it");

            first.close();
            server.closeDisconnected();
            server.connect(rdma, config(new ConnectionSecurity()), MessageHandlerAdapter.IGNORE).close();
        }
    }

    @Test
    void shouldGrantRemoteAccessToTheCreditWordsOnly() throws Exception
    {
        try (Peer server = Peer.listen(rdma.pd(), config(new ConnectionSecurity()), new PatternChecker()))
        {
            final RdmaConnection client = server.connect(rdma, config(new ConnectionSecurity()),
                MessageHandlerAdapter.IGNORE);
            final List<MemoryRegion> regions = rdma.pd().memoryRegions();

            // client and server share the fixture's domain: a send pool, a receive pool and a credit word each
            assertThat(regions).hasSize(6);
            assertThat(regions).allSatisfy(region -> assertThat(region.access() & (AccessFlags.REMOTE_READ
                | AccessFlags.REMOTE_ATOMIC)).as(AccessFlags.toString(region.access())).isZero());
            final List<MemoryRegion> remotelyWritable = regions.stream()
                .filter(region -> (region.access() & AccessFlags.ANY_REMOTE) != 0).toList();
            assertThat(remotelyWritable).hasSize(2).allSatisfy(region ->
            {
                assertThat(region.access()).isEqualTo(AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_WRITE);
                assertThat(region.length()).isEqualTo(CreditWord.SIZE);
            });
            assertThat(regions).filteredOn(region -> !remotelyWritable.contains(region))
                .extracting(MemoryRegion::access).containsOnly(AccessFlags.LOCAL_WRITE);
            client.close();
        }
    }

    private static ConnectionConfig config(final ConnectionSecurity security)
    {
        return new ConnectionConfig().maxMessageSize(1024).sendBuffers(4).receiveBuffers(4).security(security);
    }

    private void assertRejected(final Peer server, final ConnectionSecurity clientSecurity, final String message)
    {
        final CompletableFuture<RdmaConnection> future = RdmaConnection.connect(rdma.connector(), rdma.pd(),
            server.address(), config(clientSecurity), MessageHandlerAdapter.IGNORE);
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(VerbsException.class)
            .hasMessageContaining(message);
    }

    /** What the acceptor logged (slf4j-simple writes to System.err) while {@code action} ran. */
    private static String serverLogWhile(final Runnable action)
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            action.run();
        }
        finally
        {
            System.setErr(original);
        }
        final String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }
}

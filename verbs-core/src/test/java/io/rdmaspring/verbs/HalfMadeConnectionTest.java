package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.rdmaspring.verbs.RdmaConnectionTest.MessageHandlerAdapter;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections that are set up on the protection domain but not established when their acceptor or connector closes,
 * or when their connect times out: everything their setup made must be destroyed, so the domain can be deallocated.
 */
@RdmaTest
class HalfMadeConnectionTest
{
    /** A bound for waits in a slow emulated guest, never reached when the code works. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** A queue pair, two buffer pools and the credit word. */
    private static final int CHILDREN_PER_CONNECTION = 4;

    @RegisterExtension
    final RdmaFixture rdma = new RdmaFixture();

    private final ConnectionConfig config = new ConnectionConfig().maxMessageSize(1024).sendBuffers(2)
        .receiveBuffers(2).connectTimeout(PATIENCE);

    @Test
    void shouldDestroyWhatAnAcceptedConnectionMadeWhenTheAcceptorClosesBeforeThePeerConfirms() throws Exception
    {
        final long pinnedBefore = MemoryLimits.pinnedBytes();
        final int childrenBefore = rdma.pd().openChildren();
        final RdmaAcceptor acceptor = RdmaConnection.listen(rdma.pd(), local(), config, MessageHandlerAdapter.IGNORE,
            connection -> { });
        final NeverConfirming peer = new NeverConfirming();
        final CompletableFuture<CmId> connecting = rdma.connector().connect(acceptor.localAddress(), PATIENCE, peer);

        awaitAtLeast(() -> rdma.pd().openChildren(), childrenBefore + CHILDREN_PER_CONNECTION);
        assertThat(acceptor.openConnections()).as("the accepted connection, waiting for the peer").isOne();
        assertThat(MemoryLimits.pinnedBytes()).isGreaterThan(pinnedBefore);

        acceptor.close();

        assertThat(rdma.pd().openChildren()).as("queue pair and regions of the half-made connection").isEqualTo(
            childrenBefore);
        assertThat(MemoryLimits.pinnedBytes()).isEqualTo(pinnedBefore);
        rdma.connector().close(); // unless the peer saw the acceptor go first, the connect fails as it closes
        assertThatThrownBy(() -> connecting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(VerbsException.class);
        rdma.pd().close();
    }

    @Test
    void shouldDestroyWhatAConnectMadeWhenTheConnectorClosesWhileThePeerHasNotAnswered() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final long pinnedBefore = MemoryLimits.pinnedBytes();
        final int childrenBefore = rdma.pd().openChildren();
        try (RdmaAcceptor silent = RdmaAcceptor.listen(local(), 16, PATIENCE, () -> new Silent(release)))
        {
            final CompletableFuture<RdmaConnection> connecting = RdmaConnection.connect(rdma.connector(), rdma.pd(),
                silent.localAddress(), config, MessageHandlerAdapter.IGNORE);

            awaitAtLeast(() -> rdma.pd().openChildren(), childrenBefore + CHILDREN_PER_CONNECTION);
            rdma.connector().close();

            assertFailedLeavingNothing(connecting, "connector closed while the connection with", childrenBefore,
                pinnedBefore);
            release.countDown();
        }
        rdma.pd().close();
    }

    @Test
    void shouldDestroyWhatAConnectMadeWhenItTimesOutWaitingForThePeer() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final long pinnedBefore = MemoryLimits.pinnedBytes();
        final int childrenBefore = rdma.pd().openChildren();
        try (RdmaAcceptor silent = RdmaAcceptor.listen(local(), 16, PATIENCE, () -> new Silent(release)))
        {
            final CompletableFuture<RdmaConnection> connecting = RdmaConnection.connect(rdma.connector(), rdma.pd(),
                silent.localAddress(), new ConnectionConfig().maxMessageSize(1024).sendBuffers(2).receiveBuffers(2)
                    .connectTimeout(Duration.ofSeconds(2)), MessageHandlerAdapter.IGNORE);

            assertFailedLeavingNothing(connecting, "timed out", childrenBefore, pinnedBefore);
            assertThat(rdma.connector().openConnections()).isZero();
            release.countDown();
        }
        rdma.pd().close();
    }

    /** The connect failed with {@code why}, and the protection domain and pinned memory are as before it. */
    private void assertFailedLeavingNothing(final CompletableFuture<RdmaConnection> connecting, final String why,
        final int childrenBefore, final long pinnedBefore)
    {
        assertThatThrownBy(() -> connecting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(VerbsException.class)
            .hasMessageContaining(why);
        assertThat(rdma.pd().openChildren()).as("queue pair and regions of the connect").isEqualTo(childrenBefore);
        assertThat(MemoryLimits.pinnedBytes()).isEqualTo(pinnedBefore);
    }

    private static InetSocketAddress local()
    {
        return new InetSocketAddress(RdmaTestEnvironment.address(), 0);
    }

    private static void awaitAtLeast(final IntSupplier value, final int expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (value.getAsInt() < expected && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(10);
        }
        assertThat(value.getAsInt()).as("children of the protection domain once the connection is set up")
            .isGreaterThanOrEqualTo(expected);
    }

    /**
     * A connecting peer without a queue pair: librdmacm then reports the acceptor's reply as CONNECT_RESPONSE and
     * sends no confirmation (RTU), so the accepting side stays prepared and waiting for ESTABLISHED.
     */
    private static final class NeverConfirming implements ConnectionSetup
    {
        @Override
        public byte[] prepare(final CmId id, final byte[] peerPrivateData)
        {
            return new ConnectionHandshake(2, 1024, 0, 0).encode();
        }

        @Override
        public void established(final CmId id, final byte[] peerPrivateData)
        {
            throw new IllegalStateException("A peer without a queue pair cannot be established");
        }

        @Override
        public void disconnected(final CmId id, final CmEventType why)
        {
        }

        @Override
        public void failed(final CmId id, final VerbsException cause)
        {
        }
    }

    /** An accepting side that holds its connection manager thread until released, then rejects. */
    private static final class Silent implements ConnectionSetup
    {
        private final CountDownLatch release;

        Silent(final CountDownLatch release)
        {
            this.release = release;
        }

        @Override
        public byte[] prepare(final CmId id, final byte[] peerPrivateData)
        {
            try
            {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("this test's listener never accepts");
        }

        @Override
        public void established(final CmId id, final byte[] peerPrivateData)
        {
        }

        @Override
        public void disconnected(final CmId id, final CmEventType why)
        {
        }

        @Override
        public void failed(final CmId id, final VerbsException cause)
        {
        }
    }
}

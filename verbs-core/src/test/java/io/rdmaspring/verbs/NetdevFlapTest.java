package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.rdmaspring.verbs.RdmaConnectionTest.MessageHandlerAdapter;
import io.rdmaspring.verbs.RdmaConnectionTest.Peer;
import io.rdmaspring.verbs.test.RdmaTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes the netdev behind the test device down for ten seconds under load and back up (needs root): the connection
 * across the flap fails rather than hangs, and the same listener accepts a new connection once the link is back.
 * On Soft-RoCE a disconnect sent while the port was down used to stop the device's connection manager from
 * receiving, so no connection could be made again.
 */
@RdmaTest
class NetdevFlapTest
{
    private static final Duration DOWN = Duration.ofSeconds(10);
    /** Bounds on how long each step may take on a slow emulated machine, not measurements. */
    private static final long FAIL_BOUND_SECONDS = 120;
    private static final long STEP_BOUND_SECONDS = 60;

    @RegisterExtension
    final RdmaFixture rdma = new RdmaFixture();

    @Test
    void shouldAcceptANewConnectionAfterTheNetdevWasDownForTenSecondsUnderLoad() throws Exception
    {
        final String netdev = System.getenv("RDMA_TEST_NETDEV");
        assertThat(netdev).as("RDMA_TEST_NETDEV, the netdev behind the test device (scripts/rxe-guest sets it)")
            .isNotBlank();
        final ConnectionPoller serverPoller = ConnectionPoller.eventDriven("flap-server", rdma.context());
        final ConnectionPoller clientPoller = ConnectionPoller.eventDriven("flap-client", rdma.context());
        final AtomicLong received = new AtomicLong();
        try (Peer server = Peer.listen(rdma.pd(), config(serverPoller),
            (connection, buffer, offset, length) -> received.incrementAndGet(), serverPoller))
        {
            final RdmaConnection old = server.connect(rdma, config(clientPoller), MessageHandlerAdapter.IGNORE);
            clientPoller.add(old);
            final AtomicBoolean sending = new AtomicBoolean(true);
            final Thread sender = new Thread(() ->
            {
                final ByteBuffer message = ByteBuffer.allocate(64);
                while (sending.get() && old.state() == ConnectionState.OPEN)
                {
                    old.offer(message, 0, message.capacity());
                    RdmaConnectionTest.sleepMillis(1);
                }
            }, "flap-sender");
            sender.start();
            try
            {
                await(() -> received.get() >= 200, "200 messages received before the link goes down",
                    STEP_BOUND_SECONDS);
                final CompletableFuture<RdmaConnection> whileDown = flap(netdev, server, clientPoller);
                await(whileDown::isDone, "the connect tried while the link was down ends", STEP_BOUND_SECONDS);
                System.out.println("Connect while the link was down: "
                    + whileDown.handle((connection, failure) -> failure == null ? "connected" : failure).join());
                whileDown.thenAccept(RdmaConnection::close);
                await(() -> old.state() != ConnectionState.OPEN, "the connection across the flap ends",
                    FAIL_BOUND_SECONDS);
            }
            finally
            {
                sending.set(false);
                sender.join(10_000);
            }
            System.out.println("Across the flap, client: " + old.failure() + "; server: "
                + server.accepted.stream().map(RdmaConnection::failure).toList());
            assertThat(old.failure()).as("why the connection across the flap ended").isNotNull();
            old.close();

            final long before = received.get();
            final RdmaConnection fresh = server.connect(rdma, config(clientPoller), MessageHandlerAdapter.IGNORE);
            clientPoller.add(fresh);
            final ByteBuffer message = ByteBuffer.allocate(64);
            for (int i = 0; i < 10; i++)
            {
                await(() -> fresh.offer(message, 0, message.capacity()) > 0, "a send on the new connection",
                    STEP_BOUND_SECONDS);
            }
            await(() -> received.get() >= before + 10, "10 messages over the new connection", STEP_BOUND_SECONDS);
            fresh.close();
        }
        finally
        {
            clientPoller.close();
            serverPoller.close();
        }
    }

    /**
     * Down for {@link #DOWN}, trying a connect meanwhile as a client that retries would, then up until the port is
     * ACTIVE and has its address again, whatever happens.
     *
     * @return the connect tried while the link was down.
     */
    private CompletableFuture<RdmaConnection> flap(final String netdev, final Peer server,
        final ConnectionPoller clientPoller) throws Exception
    {
        try
        {
            PortNotActiveTest.ip("link", "set", netdev, "down");
            PortNotActiveTest.awaitPort(rdma.context(), false);
            final CompletableFuture<RdmaConnection> attempt = RdmaConnection.connect(rdma.connector(), rdma.pd(),
                server.address(), config(clientPoller), MessageHandlerAdapter.IGNORE);
            RdmaConnectionTest.sleepMillis(DOWN.toMillis());
            return attempt;
        }
        finally
        {
            PortNotActiveTest.ip("link", "set", netdev, "up");
            PortNotActiveTest.awaitPort(rdma.context(), true);
            PortNotActiveTest.awaitAddress(rdma.context());
        }
    }

    private static ConnectionConfig config(final ConnectionPoller poller)
    {
        return new ConnectionConfig().maxMessageSize(256).sendBuffers(16).receiveBuffers(8)
            .completionChannel(poller.channel());
    }

    private static void await(final BooleanSupplier condition, final String what, final long seconds)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        boolean met;
        while (!(met = condition.getAsBoolean()) && System.nanoTime() - deadline < 0)
        {
            RdmaConnectionTest.sleepMillis(5);
        }
        assertThat(met).as(what + " within " + seconds + " s").isTrue(); // asked once more, a send would be sent twice
    }
}

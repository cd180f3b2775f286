package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.rdmaspring.verbs.test.ChildJvm;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections to an {@link EchoServer} in another JVM: a long exchange, and the server killed with SIGKILL. */
@RdmaTest
class TwoJvmConnectionTest
{
    /** A bound, not a measurement: a JVM in the emulated guest takes minutes to start while another guest runs. */
    private static final Duration STARTUP = Duration.ofMinutes(10);

    @RegisterExtension
    final RdmaFixture rdma = new RdmaFixture();

    @Test
    void shouldEchoTwentyThousandMessagesOfOneByteToSixtyFourKibibytesThroughAnotherJvm() throws Exception
    {
        echoThroughAFreshPeer(20_000, 42);
    }

    @Test
    void shouldFailPendingSendsWhenThePeerJvmIsKilledAndConnectToANewPeer() throws Exception
    {
        final EchoChecker checker = new EchoChecker(EchoChecker.mixedSizes(1_000_000, 7));
        try (ChildJvm server = ChildJvm.of(EchoServer.class).start())
        {
            final RdmaConnection client = connect(server, checker);
            exchange(client, checker, 2_000, Duration.ofSeconds(300));
            final long sentAtKill = streamUntilKilled(client, checker, server);

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!checker.closed.isDone() && System.nanoTime() - deadline < 0)
            {
                checker.trySend(client);
                client.poll();
            }
            assertThat(checker.closed).as("onClosed within 30 s of kill -9, %s", client).isDone();
            final Throwable cause = checker.closed.get();
            System.out.println("onClosed cause after kill -9: " + cause);
            assertThat(cause).isInstanceOf(VerbsException.class).hasMessageContaining(client.peer().toString());
            assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(client.failure()).isSameAs(cause);
            assertThat(checker.trySend(client)).isEqualTo(RdmaConnection.NOT_CONNECTED);
            assertThat(client.acquire()).isEqualTo((int)RdmaConnection.NOT_CONNECTED);
            assertThat(checker.acknowledgedAtClose()).isBetween(2_000L, client.sent());
            assertThat(client.sent()).isGreaterThanOrEqualTo(sentAtKill);
            assertThat(checker.errors).isEmpty();
            client.close();
            assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        }
        echoThroughAFreshPeer(500, 11);
    }

    /** Starts a server JVM for one connection, exchanges {@code messages} with it, closes, and checks its report. */
    private void echoThroughAFreshPeer(final int messages, final long seed) throws Exception
    {
        final EchoChecker checker = new EchoChecker(EchoChecker.mixedSizes(messages, seed));
        try (ChildJvm server = ChildJvm.of(EchoServer.class).arguments("1").start())
        {
            final RdmaConnection client = connect(server, checker);
            exchange(client, checker, messages, Duration.ofSeconds(600));
            client.close();

            assertThat(checker.closed.get(1, TimeUnit.SECONDS)).as("closed gracefully").isNull();
            assertThat(server.awaitLine("SERVED ", Duration.ofSeconds(60))).isEqualTo("1 " + messages);
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
        }
    }

    /** Keeps sending until a message is in flight, then kills the server; returns how many were sent by then. */
    private static long streamUntilKilled(final RdmaConnection client, final EchoChecker checker, final ChildJvm server)
        throws InterruptedException
    {
        while (client.sent() == checker.echoed())
        {
            assertThat(checker.trySend(client)).isNotEqualTo(RdmaConnection.NOT_CONNECTED);
            client.poll();
        }
        server.kill();
        return client.sent();
    }

    private RdmaConnection connect(final ChildJvm server, final EchoChecker checker) throws Exception
    {
        final int port = Integer.parseInt(server.awaitLine("LISTENING ", STARTUP).trim());
        return RdmaConnection.connect(rdma.connector(), rdma.pd(),
            new InetSocketAddress(RdmaTestEnvironment.address(), port), EchoServer.CONFIG, checker)
            .get(60, TimeUnit.SECONDS);
    }

    /** Sends until {@code total} messages are sent and echoed, polling as it goes. */
    private static void exchange(final RdmaConnection client, final EchoChecker checker, final long total,
        final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (checker.echoed() < total && client.state() == ConnectionState.OPEN && System.nanoTime() - deadline < 0)
        {
            if (client.sent() < total)
            {
                final long result = checker.trySend(client);
                assertThat(result).as("send %d", client.sent() + 1).isNotIn(RdmaConnection.NOT_CONNECTED,
                    RdmaConnection.MESSAGE_TOO_LARGE);
            }
            if (client.poll() == 0)
            {
                Thread.yield();
            }
        }
        assertThat(checker.errors).isEmpty();
        assertThat(checker.echoed()).as("echoed by the other JVM, %s", client).isEqualTo(total);
    }
}

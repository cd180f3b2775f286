package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RdmaTest
class RdmaConnectionTest
{
    @RegisterExtension
    final RdmaFixture rdma = new RdmaFixture();

    @Test
    void shouldCarryEverySizeFromOneByteToOneMebibyteIntact() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(1 << 20).sendBuffers(4).receiveBuffers(4);
        final int[] sizes = {1, 2, 7, 63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 4097, 65_535, 65_536, 65_537,
            262_144, 1_048_575, 1 << 20};
        final PatternChecker checker = new PatternChecker();
        try (Peer server = Peer.listen(rdma.pd(), config, checker))
        {
            final RdmaConnection client = connect(server, config, MessageHandlerAdapter.IGNORE);
            for (int round = 0; round < 3; round++)
            {
                for (final int size : sizes)
                {
                    sendPattern(client, server, size);
                }
            }
            awaitAcknowledged(client, server, client.sent());
            assertThat(checker.received.get()).isEqualTo(3L * sizes.length);
            assertThat(checker.errors).isEmpty();
            client.close();
        }
    }

    @Test
    void shouldDeliverAHundredThousandMessagesInOrderWithContentChecks() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(4096).sendBuffers(64).receiveBuffers(64);
        final PatternChecker checker = new PatternChecker();
        final Random random = new Random(42);
        try (Peer server = Peer.listen(rdma.pd(), config, checker))
        {
            final RdmaConnection client = connect(server, config, MessageHandlerAdapter.IGNORE);
            for (int i = 0; i < 100_000; i++)
            {
                sendPattern(client, server, 8 + random.nextInt(4096 - 8));
            }
            awaitAcknowledged(client, server, 100_000);
            assertThat(checker.received.get()).isEqualTo(100_000);
            assertThat(checker.errors).isEmpty();
            assertThat(client.acknowledged()).isEqualTo(100_000);
            client.close();
        }
    }

    @Test
    void shouldServeSeveralConnectionsAndSenderThreadsAtOnce() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(512).sendBuffers(16).receiveBuffers(16);
        final PatternChecker checker = new PatternChecker();
        final int connections = 3;
        final int threadsPerConnection = 2;
        final int messagesPerThread = 1_500;
        try (Peer server = Peer.listen(rdma.pd(), config, checker))
        {
            final List<RdmaConnection> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++)
            {
                clients.add(connect(server, config, MessageHandlerAdapter.IGNORE));
            }
            final List<Thread> senders = new ArrayList<>();
            final AtomicReference<Throwable> senderFailure = new AtomicReference<>();
            for (final RdmaConnection client : clients)
            {
                for (int t = 0; t < threadsPerConnection; t++)
                {
                    final int sender = senders.size();
                    final Thread thread = new Thread(() ->
                    {
                        try
                        {
                            for (int n = 0; n < messagesPerThread; n++)
                            {
                                sendOrdered(client, sender, n);
                            }
                        }
                        catch (final Throwable ex)
                        {
                            senderFailure.compareAndSet(null, ex);
                        }
                    });
                    senders.add(thread);
                }
            }
            final Thread poller = pollUntilInterrupted(clients);
            senders.forEach(Thread::start);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            final long expected = (long)connections * threadsPerConnection * messagesPerThread;
            while (checker.ordered.get() < expected && System.nanoTime() < deadline && senderFailure.get() == null)
            {
                server.pollAll();
                Thread.yield();
            }
            for (final Thread sender : senders)
            {
                sender.join(10_000);
            }
            poller.interrupt();
            poller.join(10_000);
            assertThat(senderFailure.get()).isNull();
            assertThat(checker.ordered.get()).isEqualTo(expected);
            assertThat(checker.errors).isEmpty();
            assertThat(server.accepted).hasSize(connections);
            clients.forEach(RdmaConnection::close);
        }
    }

    @Test
    void shouldHoldASenderBackWhenTheReceiverIsSlowAndLoseNothing() throws Exception
    {
        final int receiveBuffers = 8;
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(256).sendBuffers(32)
            .receiveBuffers(receiveBuffers);
        final PatternChecker slow = new PatternChecker()
        {
            @Override
            public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
                final int length)
            {
                super.onMessage(connection, buffer, offset, length);
                sleepMillis(1);
            }
        };
        try (Peer server = Peer.listen(rdma.pd(), config, slow))
        {
            final RdmaConnection client = connect(server, config, MessageHandlerAdapter.IGNORE);
            final Thread receiver = pollUntilInterrupted(server.accepted);
            long backPressured = 0;
            long maxInFlight = 0;
            for (int i = 0; i < 1_000; i++)
            {
                final ByteBuffer message = pattern(64, client.sent() + 1);
                long result;
                while ((result = client.offer(message, 0, 64)) == RdmaConnection.BACK_PRESSURED)
                {
                    backPressured++;
                    client.poll();
                }
                assertThat(result).isPositive();
                maxInFlight = Math.max(maxInFlight, client.sent() - client.acknowledged());
                client.poll();
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.acknowledged() < 1_000 && System.nanoTime() < deadline)
            {
                client.poll();
            }
            receiver.interrupt();
            receiver.join(10_000);
            assertThat(client.acknowledged()).isEqualTo(1_000);
            assertThat(slow.received.get()).isEqualTo(1_000);
            assertThat(slow.errors).isEmpty();
            assertThat(backPressured).as("times the sender was held back").isPositive();
            assertThat(maxInFlight).as("unprocessed messages in flight").isLessThanOrEqualTo(receiveBuffers);
            client.close();
        }
    }

    @Test
    void shouldFailPendingSendsWhenThePeerClosesAndNotHang() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(256).sendBuffers(16).receiveBuffers(16)
            .closeTimeout(Duration.ofMillis(200));
        final ClosedRecorder recorder = new ClosedRecorder();
        final CompletableFuture<Throwable> closedCause = recorder.cause;
        final MessageHandler unpolled = (connection, buffer, offset, length) -> { };
        try (Peer server = Peer.listen(rdma.pd(), config, unpolled))
        {
            final RdmaConnection client = connect(server, config, recorder);
            for (int i = 0; i < 10; i++)
            {
                assertThat(client.offer(pattern(32, i + 1), 0, 32)).isPositive();
            }
            server.accepted.get(0).close();

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!closedCause.isDone() && System.nanoTime() < deadline)
            {
                client.poll();
            }
            assertThat(closedCause).isDone();
            assertThat(closedCause.get()).isInstanceOf(VerbsException.class).hasMessageContaining("closed the connection");
            assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(client.offer(pattern(32, 11), 0, 32)).isEqualTo(RdmaConnection.NOT_CONNECTED);
            assertThat(recorder.acknowledgedAtClose.get()).isBetween(0L, 10L);
            client.close();
        }
    }

    /**
     * A receiver that closes gracefully right after its processed count went out in a write without a completion
     * (as every few messages do) still tells the sender that count before it disconnects: the sender ends with every
     * message the receiver processed acknowledged, none left in doubt. Five connections, each closed this way.
     */
    @Test
    void shouldAcknowledgeEveryProcessedMessageWhenTheReceiverClosesGracefully() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(64).sendBuffers(8).receiveBuffers(8);
        final int messages = 6;
        try (Peer server = Peer.listen(rdma.pd(), config, (connection, buffer, offset, length) -> { }))
        {
            for (int round = 1; round <= 5; round++)
            {
                final ClosedRecorder recorder = new ClosedRecorder();
                final RdmaConnection client = connect(server, config, recorder);
                final RdmaConnection receiver = server.accepted.get(server.accepted.size() - 1);
                for (int i = 1; i <= messages; i++)
                {
                    assertThat(client.offer(pattern(32, i), 0, 32)).isEqualTo(i);
                }
                Thread.sleep(100); // all arrive before the receiver polls, so one poll processes them and reports
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (receiver.processed() < messages && System.nanoTime() < deadline)
                {
                    receiver.poll();
                }
                receiver.close();
                while (!recorder.cause.isDone() && System.nanoTime() < deadline)
                {
                    client.poll();
                }
                assertThat(receiver.processed()).as("messages the receiver processed, round %d", round)
                    .isEqualTo(messages);
                assertThat(recorder.acknowledgedAtClose).as("the sender's end, round %d", round).isDone();
                assertThat(recorder.acknowledgedAtClose.get()).as("messages the sender saw acknowledged when the "
                    + "receiver's graceful close ended the connection, round %d", round).isEqualTo(messages);
                client.close();
            }
        }
    }

    /**
     * A sender whose messages await confirmation probes a peer that gives no sign: a peer that only does not poll
     * (its device answers) keeps the connection past the liveness timeout, a peer whose queue pair stopped answering
     * without disconnecting (as when it died with the link down) fails it, so the unconfirmed messages end in doubt
     * instead of waiting forever.
     */
    @Test
    void shouldKeepAConnectionToASlowPeerButFailOneToAPeerThatFellSilent() throws Exception
    {
        final Duration liveness = Duration.ofSeconds(3);
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(64).sendBuffers(4).receiveBuffers(4)
            .livenessTimeout(liveness);
        final ClosedRecorder recorder = new ClosedRecorder();
        try (Peer server = Peer.listen(rdma.pd(), config, (connection, buffer, offset, length) -> { }))
        {
            final RdmaConnection client = connect(server, config, recorder);
            final RdmaConnection silent = server.accepted.get(0);
            for (int i = 1; i <= 4; i++)
            {
                assertThat(client.offer(pattern(32, i), 0, 32)).isEqualTo(i);
            }
            final long slowUntil = System.nanoTime() + 2 * liveness.toNanos();
            while (System.nanoTime() < slowUntil)
            {
                client.poll(); // the peer never polls, so nothing is confirmed; only its device answers the probes
            }
            assertThat(client.state()).as("a connection to a peer that does not poll, after twice the liveness "
                + "timeout").isEqualTo(ConnectionState.OPEN);

            silent.queuePair().moveToError();
            final long started = System.nanoTime();
            final long deadline = started + TimeUnit.SECONDS.toNanos(120);
            while (!recorder.cause.isDone() && System.nanoTime() < deadline)
            {
                client.poll();
            }
            assertThat(recorder.cause).as("the end of the connection to a peer that fell silent").isDone();
            System.out.println("A silent peer failed the connection after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms: " + recorder.cause.get());
            assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(recorder.cause.get()).isInstanceOf(VerbsException.class);
            assertThat(recorder.acknowledgedAtClose.get()).as("messages confirmed processed").isZero();
            client.close();
        }
    }

    @Test
    void shouldRefuseAMessageLargerThanTheConfiguredMaximum() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(1024).sendBuffers(4).receiveBuffers(4);
        try (Peer server = Peer.listen(rdma.pd(), config, new PatternChecker()))
        {
            final RdmaConnection client = connect(server, config, MessageHandlerAdapter.IGNORE);
            final int slot = client.acquire();

            assertThat(client.send(slot, 1025)).isEqualTo(RdmaConnection.MESSAGE_TOO_LARGE);
            assertThatThrownBy(() -> client.checkMessageSize(1025))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1025 bytes")
                .hasMessageContaining("maximum of 1024 bytes");
            client.release(slot);
            client.close();
        }
    }

    @Test
    void shouldLeaveNoHandlesOrPinnedMemoryAfterAThousandConnectCloseCycles() throws Exception
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(1024).sendBuffers(2).receiveBuffers(2)
            .signalEvery(1).connectTimeout(Duration.ofSeconds(60)); // a bound for a starved guest, not a measurement
        try (Peer server = Peer.listen(rdma.pd(), config, new PatternChecker()))
        {
            cycle(server, config);
            final long fdsBefore = openFileDescriptors();
            final long pinnedBefore = MemoryLimits.pinnedBytes();
            final int childrenBefore = rdma.pd().openChildren();
            for (int i = 0; i < 1_000; i++)
            {
                try
                {
                    cycle(server, config);
                }
                catch (final Exception | AssertionError ex)
                {
                    throw new AssertionError("connect/close cycle " + i + " failed; CM threads:\n" + cmThreads(), ex);
                }
            }
            assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore + 2);
            assertThat(MemoryLimits.pinnedBytes()).isEqualTo(pinnedBefore);
            assertThat(rdma.pd().openChildren()).isEqualTo(childrenBefore);
            assertThat(rdma.connector().openConnections()).isZero();
        }
    }

    private void cycle(final Peer server, final ConnectionConfig config) throws Exception
    {
        final RdmaConnection client = connect(server, config, MessageHandlerAdapter.IGNORE);
        sendPattern(client, server, 16);
        awaitAcknowledged(client, server, client.sent());
        client.close();
        server.closeDisconnected();
    }

    private RdmaConnection connect(final Peer server, final ConnectionConfig config, final MessageHandler handler)
        throws Exception
    {
        return server.connect(rdma, config, handler);
    }

    static void sendPattern(final RdmaConnection client, final Peer server, final int size)
    {
        final int slot = acquire(client, server);
        writePattern(client.sendBuffer(), client.sendOffset(slot), size, client.sent() + 1);
        while (client.send(slot, size) == RdmaConnection.BACK_PRESSURED)
        {
            client.poll();
            server.pollAll();
        }
        client.poll();
        server.pollAll();
    }

    private static void sendOrdered(final RdmaConnection client, final int sender, final int n)
    {
        final ByteBuffer message = ByteBuffer.allocate(16);
        message.putInt(0, PatternChecker.ORDERED_MAGIC).putInt(4, sender).putLong(8, n);
        long result;
        while ((result = client.offer(message, 0, 16)) == RdmaConnection.BACK_PRESSURED)
        {
            Thread.yield();
        }
        if (result < 0)
        {
            throw new AssertionError("send failed with " + result + " on " + client);
        }
    }

    private static int acquire(final RdmaConnection client, final Peer server)
    {
        int slot;
        while ((slot = client.acquire()) == RdmaConnection.BACK_PRESSURED)
        {
            client.poll();
            server.pollAll();
        }
        assertThat(slot).isNotNegative();
        return slot;
    }

    static void awaitAcknowledged(final RdmaConnection client, final Peer server, final long sequence)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.acknowledged() < sequence && System.nanoTime() < deadline)
        {
            client.poll();
            server.pollAll();
        }
        assertThat(client.acknowledged()).as("acknowledged by the receiver").isEqualTo(sequence);
    }

    static Thread pollUntilInterrupted(final List<RdmaConnection> connections)
    {
        final Thread poller = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                int work = 0;
                for (final RdmaConnection connection : connections)
                {
                    work += connection.poll();
                }
                if (work == 0)
                {
                    Thread.yield();
                }
            }
        });
        poller.start();
        return poller;
    }

    static ByteBuffer pattern(final int size, final long sequence)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(size);
        writePattern(buffer, 0, size, sequence);
        return buffer;
    }

    /** Bytes derived from the sequence number and position, so a receiver can check every byte. */
    static void writePattern(final ByteBuffer buffer, final int offset, final int size, final long sequence)
    {
        for (int i = 0; i < size; i++)
        {
            buffer.put(offset + i, PatternChecker.expected(sequence, size, i));
        }
    }

    private static String cmThreads()
    {
        final StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) ->
        {
            if (thread.getName().startsWith("rdma-cm"))
            {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (final StackTraceElement frame : stack)
                {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    private static long openFileDescriptors() throws Exception
    {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
    }

    static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks pattern messages (in sequence order per connection) and ordered multi-sender messages. */
    static class PatternChecker implements MessageHandler
    {
        static final int ORDERED_MAGIC = 0x5EEDF00D;

        final AtomicLong received = new AtomicLong();
        final AtomicLong ordered = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final java.util.Map<RdmaConnection, Long> nextSequence = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<String, Long> nextPerSender = new java.util.concurrent.ConcurrentHashMap<>();

        static byte expected(final long sequence, final int size, final int index)
        {
            return (byte)(sequence * 31 + size * 7 + index * 13 + (index >> 8));
        }

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
            if (length == 16 && buffer.getInt(offset) == ORDERED_MAGIC)
            {
                final String sender = connection.peer() + "/" + buffer.getInt(offset + 4);
                final long n = buffer.getLong(offset + 8);
                final long expectedN = nextPerSender.getOrDefault(sender, 0L);
                if (n != expectedN)
                {
                    errors.add("sender " + sender + " sent " + n + " after " + (expectedN - 1));
                }
                nextPerSender.put(sender, n + 1);
                ordered.incrementAndGet();
                return;
            }
            final long sequence = nextSequence.merge(connection, 1L, Long::sum);
            check(buffer, offset, length, sequence, errors);
            received.incrementAndGet();
        }

        /** Adds an error to {@code errors} unless the bytes are pattern message {@code sequence}; false then. */
        static boolean check(final ByteBuffer buffer, final int offset, final int length, final long sequence,
            final List<String> errors)
        {
            for (int i = 0; i < length; i++)
            {
                if (buffer.get(offset + i) != expected(sequence, length, i))
                {
                    errors.add("message " + sequence + " of " + length + " bytes differs at byte " + i);
                    return false;
                }
            }
            return true;
        }
    }

    /** A listening side that collects the connections it accepts and polls them, or hands them to a poller. */
    static final class Peer implements AutoCloseable
    {
        final List<RdmaConnection> accepted = new CopyOnWriteArrayList<>();
        private final RdmaAcceptor acceptor;
        private final ConnectionPoller poller;

        private Peer(final ProtectionDomain pd, final ConnectionConfig config, final MessageHandler handler,
            final ConnectionPoller poller)
        {
            this.poller = poller;
            this.acceptor = RdmaConnection.listen(pd, new InetSocketAddress(RdmaTestEnvironment.address(), 0), config,
                handler, this::accepted);
        }

        static Peer listen(final ProtectionDomain pd, final ConnectionConfig config, final MessageHandler handler)
        {
            return new Peer(pd, config, handler, null);
        }

        /** A peer whose accepted connections {@code poller} polls. */
        static Peer listen(final ProtectionDomain pd, final ConnectionConfig config, final MessageHandler handler,
            final ConnectionPoller poller)
        {
            return new Peer(pd, config, handler, poller);
        }

        private void accepted(final RdmaConnection connection)
        {
            accepted.add(connection);
            if (poller != null)
            {
                poller.add(connection);
            }
        }

        InetSocketAddress address()
        {
            return acceptor.localAddress();
        }

        /**
         * Connects a client to this peer and waits until the peer has accepted it too (its side is established a
         * little after the client's), polling the peer's side meanwhile unless a poller does.
         */
        RdmaConnection connect(final RdmaFixture rdma, final ConnectionConfig config, final MessageHandler handler)
            throws Exception
        {
            final int before = accepted.size();
            final CompletableFuture<RdmaConnection> future = RdmaConnection.connect(rdma.connector(), rdma.pd(),
                address(), config, handler);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((!future.isDone() || accepted.size() == before) && System.nanoTime() < deadline)
            {
                pollAll();
            }
            assertThat(accepted).as("connections the peer accepted").hasSizeGreaterThan(before);
            return future.get(1, TimeUnit.SECONDS);
        }

        void pollAll()
        {
            if (poller != null)
            {
                Thread.yield(); // the poller's thread polls them
                return;
            }
            for (final RdmaConnection connection : accepted)
            {
                connection.poll();
            }
        }

        void closeDisconnected()
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!accepted.isEmpty() && System.nanoTime() < deadline)
            {
                for (final RdmaConnection connection : accepted)
                {
                    connection.poll();
                    if (connection.state() == ConnectionState.FAILED)
                    {
                        connection.close();
                        accepted.remove(connection);
                    }
                }
            }
            assertThat(accepted).as("server connections left after the client closed").isEmpty();
        }

        @Override
        public void close()
        {
            accepted.forEach(RdmaConnection::close);
            acceptor.close();
        }
    }

    /** Records what {@link MessageHandler#onClosed} reports. */
    static final class ClosedRecorder implements MessageHandler
    {
        final CompletableFuture<Throwable> cause = new CompletableFuture<>();
        final CompletableFuture<Long> acknowledgedAtClose = new CompletableFuture<>();

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
        }

        @Override
        public void onClosed(final RdmaConnection connection, final Throwable failure, final long acknowledged)
        {
            acknowledgedAtClose.complete(acknowledged);
            cause.complete(failure);
        }
    }

    /** Handlers for the client side of tests that only send. */
    enum MessageHandlerAdapter implements MessageHandler
    {
        IGNORE;

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
        }
    }
}

package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.rdmaspring.verbs.RdmaConnectionTest.ClosedRecorder;
import io.rdmaspring.verbs.RdmaConnectionTest.MessageHandlerAdapter;
import io.rdmaspring.verbs.RdmaConnectionTest.PatternChecker;
import io.rdmaspring.verbs.RdmaConnectionTest.Peer;
import io.rdmaspring.verbs.test.RdmaTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.rdmaspring.verbs.RdmaConnectionTest.awaitAcknowledged;
import static io.rdmaspring.verbs.RdmaConnectionTest.pattern;
import static io.rdmaspring.verbs.RdmaConnectionTest.pollUntilInterrupted;
import static io.rdmaspring.verbs.RdmaConnectionTest.sendPattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RdmaConnection#defer()} and {@link RdmaConnection#complete(long)}: processing a message after its handler. */
@RdmaTest
class DeferredProcessingTest
{
    @RegisterExtension
    final RdmaFixture rdma = new RdmaFixture();

    @Test
    void shouldAcknowledgeOnlyTheContiguousPrefixOfMessagesCompletedOutOfOrder() throws Exception
    {
        final ConnectionConfig config = config(8);
        final Deferring deferring = new Deferring();
        try (Peer server = Peer.listen(rdma.pd(), config, deferring))
        {
            final RdmaConnection client = server.connect(rdma, config, MessageHandlerAdapter.IGNORE);
            for (int sequence = 1; sequence <= 4; sequence++)
            {
                assertThat(client.offer(pattern(64, sequence), 0, 64)).isEqualTo(sequence);
            }
            pollUntil(() -> deferring.messages.size() == 4, client, server);
            final RdmaConnection receiver = server.accepted.get(0);
            assertThat(deferring.messages).extracting(Message::ticket).containsExactly(1L, 2L, 3L, 4L);
            assertThatThrownBy(receiver::defer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onMessage");

            receiver.complete(4);
            receiver.complete(3);
            assertThatThrownBy(() -> receiver.complete(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ticket 3");
            pollFor(Duration.ofMillis(200), client, server);
            assertThat(receiver.processed()).as("processed with 1 and 2 outstanding").isZero();
            assertThat(client.acknowledged()).as("acknowledged with 1 and 2 outstanding").isZero();

            receiver.complete(1);
            pollUntil(() -> client.acknowledged() == 1, client, server);
            pollFor(Duration.ofMillis(200), client, server);
            assertThat(receiver.processed()).as("processed with 2 outstanding").isEqualTo(1);
            assertThat(client.acknowledged()).as("acknowledged with 2 outstanding").isEqualTo(1);

            receiver.complete(2);
            awaitAcknowledged(client, server, 4);
            assertThat(receiver.processed()).isEqualTo(4);
            assertThat(deferring.errors).isEmpty();
            client.close();
        }
    }

    @Test
    void shouldKeepDeferredMessagesIntactAndHoldTheSenderBackUntilTheyAreCompleted() throws Exception
    {
        final int receiveBuffers = 4;
        final int total = 40;
        final ConnectionConfig config = config(receiveBuffers);
        final Deferring deferring = new Deferring();
        try (Peer server = Peer.listen(rdma.pd(), config, deferring))
        {
            final RdmaConnection client = server.connect(rdma, config, MessageHandlerAdapter.IGNORE);
            while (client.offer(pattern(size(client.sent() + 1), client.sent() + 1), 0, size(client.sent() + 1)) > 0)
            {
                server.pollAll();
            }
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            long refused = 0;
            while (System.nanoTime() - deadline < 0)
            {
                final long next = client.sent() + 1;
                assertThat(client.offer(pattern(size(next), next), 0, size(next))).as("send %d", next)
                    .isEqualTo(RdmaConnection.BACK_PRESSURED);
                refused++;
                client.poll();
                server.pollAll();
            }
            assertThat(refused).isPositive();
            assertThat(client.sent()).as("sent while every receive buffer is deferred").isEqualTo(receiveBuffers);
            assertThat(deferring.messages).hasSize(receiveBuffers);

            final List<Message> held = List.copyOf(deferring.messages);
            deferring.messages.clear();
            completeNewestFirst(held, deferring.errors);
            while (client.sent() < total)
            {
                final long next = client.sent() + 1;
                if (client.offer(pattern(size(next), next), 0, size(next)) == RdmaConnection.BACK_PRESSURED)
                {
                    client.poll();
                }
                server.pollAll();
                completeAll(deferring);
            }
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.acknowledged() < total && System.nanoTime() - end < 0)
            {
                client.poll();
                server.pollAll();
                completeAll(deferring);
            }
            assertThat(client.acknowledged()).isEqualTo(total);
            assertThat(deferring.received.get()).isEqualTo(total);
            assertThat(deferring.errors).isEmpty();
            client.close();
        }
    }

    @Test
    void shouldLetWorkerThreadsCompleteInAnyOrderWithoutLosingOrCorruptingAMessage() throws Exception
    {
        final int receiveBuffers = 8;
        final int total = 2_000;
        final ConnectionConfig config = config(receiveBuffers).maxMessageSize(1024);
        final ExecutorService workers = Executors.newFixedThreadPool(3);
        final Deferring deferring = new Deferring()
        {
            @Override
            void deferred(final Message message)
            {
                workers.execute(() ->
                {
                    if (ThreadLocalRandom.current().nextInt(4) == 0)
                    {
                        Thread.yield();
                    }
                    message.check(errors);
                    message.connection().complete(message.ticket());
                });
            }
        };
        final Random random = new Random(7);
        try (Peer server = Peer.listen(rdma.pd(), config, deferring))
        {
            final RdmaConnection client = server.connect(rdma, config, MessageHandlerAdapter.IGNORE);
            long maxInFlight = 0;
            for (int i = 0; i < total; i++)
            {
                sendPattern(client, server, 1 + random.nextInt(1024));
                maxInFlight = Math.max(maxInFlight, client.sent() - client.acknowledged());
            }
            awaitAcknowledged(client, server, total);
            assertThat(deferring.received.get()).isEqualTo(total);
            assertThat(deferring.errors).isEmpty();
            assertThat(maxInFlight).as("unprocessed messages in flight").isLessThanOrEqualTo(receiveBuffers);
            assertThat(server.accepted.get(0).processed()).isEqualTo(total);
            client.close();
        }
        finally
        {
            workers.shutdownNow();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldWaitForDeferredMessagesWhenClosingAndTellThePeerTheyWereProcessed() throws Exception
    {
        final ConnectionConfig config = config(8).closeTimeout(Duration.ofSeconds(30));
        final Deferring deferring = new Deferring();
        final ClosedRecorder clientSide = new ClosedRecorder();
        try (Peer server = Peer.listen(rdma.pd(), config, deferring))
        {
            final RdmaConnection client = server.connect(rdma, config, clientSide);
            for (int sequence = 1; sequence <= 5; sequence++)
            {
                assertThat(client.offer(pattern(64, sequence), 0, 64)).isEqualTo(sequence);
            }
            pollUntil(() -> deferring.messages.size() == 5, client, server);
            final RdmaConnection receiver = server.accepted.get(0);
            final Thread clientPoller = pollUntilInterrupted(List.of(client));
            final Thread worker = new Thread(() ->
            {
                RdmaConnectionTest.sleepMillis(300);
                completeNewestFirst(List.copyOf(deferring.messages), deferring.errors);
            });
            worker.start();

            receiver.close();

            assertThat(receiver.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(receiver.processed()).isEqualTo(5);
            receiver.complete(1); // after close: nothing happens
            assertThat(clientSide.acknowledgedAtClose.get(60, TimeUnit.SECONDS)).as("acknowledged when the peer closed")
                .isEqualTo(5);
            clientPoller.interrupt();
            clientPoller.join(10_000);
            worker.join(10_000);
            assertThat(client.acknowledged()).isEqualTo(5);
            assertThat(deferring.errors).isEmpty();
            client.close();
        }
    }

    private static ConnectionConfig config(final int receiveBuffers)
    {
        return new ConnectionConfig().maxMessageSize(256).sendBuffers(16).receiveBuffers(receiveBuffers);
    }

    /** Message sizes that vary with the sequence number. */
    private static int size(final long sequence)
    {
        return (int)(1 + sequence * 37 % 256);
    }

    /** Checks each message's view, then completes them last to first. */
    private static void completeNewestFirst(final List<Message> held, final List<String> errors)
    {
        for (int i = held.size() - 1; i >= 0; i--)
        {
            held.get(i).check(errors);
            held.get(i).connection().complete(held.get(i).ticket());
        }
    }

    private static void completeAll(final Deferring deferring)
    {
        for (Message message = deferring.messages.poll(); message != null; message = deferring.messages.poll())
        {
            message.check(deferring.errors);
            message.connection().complete(message.ticket());
        }
    }

    private static void pollUntil(final BooleanSupplier condition, final RdmaConnection client, final Peer server)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0)
        {
            client.poll();
            server.pollAll();
        }
        assertThat(condition.getAsBoolean()).as("reached within 60 s: %s", client).isTrue();
    }

    private static void pollFor(final Duration duration, final RdmaConnection client, final Peer server)
    {
        final long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - deadline < 0)
        {
            client.poll();
            server.pollAll();
        }
    }

    /** A deferred message: its view and ticket. */
    record Message(RdmaConnection connection, long ticket, ByteBuffer buffer, int offset, int length)
    {
        /** Whether the view still holds the pattern the sender wrote for this sequence number. */
        void check(final List<String> errors)
        {
            PatternChecker.check(buffer, offset, length, ticket, errors);
        }
    }

    /** Defers every message and keeps it until the test completes it. */
    static class Deferring implements MessageHandler
    {
        final Queue<Message> messages = new ConcurrentLinkedQueue<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicLong received = new AtomicLong();

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
            received.incrementAndGet();
            deferred(new Message(connection, connection.defer(), buffer, offset, length));
        }

        void deferred(final Message message)
        {
            messages.add(message);
        }
    }
}

package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.rdmaspring.boot.autoconfigure.RdmaProperties;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.verbs.MemoryLimits;
import io.rdmaspring.verbs.test.ChildJvm;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * What happens to every message when something fails under load: the consumer ({@link LedgerApplication}) runs in a
 * child JVM and prints each id it processes, the producer sends numbered ids from this JVM, and
 * {@link DeliveryAccount} checks that every id was processed exactly once or reported failed, never neither, and
 * both only where the failure says the message may have been processed. Faults: SIGKILL of the consumer and its
 * restart, the RDMA netdev down for 10 s, a consumer ten times slower than its producer, and graceful shutdown of
 * either side.
 */
@RdmaTest
class DeliveryFaultTest
{
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration OUTCOMES = Duration.ofSeconds(120);
    private static final int RECEIVE_QUEUE_DEPTH = 8;
    private static final String[] SMALL_POOL = {"rdma.connection.buffers=16",
        "rdma.connection.receive-queue-depth=" + RECEIVE_QUEUE_DEPTH, "rdma.connection.send-queue-depth=8"};

    private final List<String> output = new ArrayList<>();
    private ChildJvm consumer;
    private int port;
    private ConfigurableApplicationContext producer;

    @AfterEach
    void stop() throws Exception
    {
        if (producer != null)
        {
            producer.close();
        }
        if (consumer != null)
        {
            consumer.close();
        }
    }

    @Test
    void shouldAccountForEveryMessageWhenTheConsumerIsKilledAndDeliverAgainOnceItRestarts() throws Exception
    {
        startConsumer();
        final DeliveryAccount account = new DeliveryAccount("kill-");
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            consumer.awaitLine(LedgerApplication.PROCESSED + "kill-200", START);
            consumer.kill();
            awaitFailures(account);
            startConsumer();
            final int sentBeforeRestart = account.sent();
            await("100 messages processed after the restart", () -> account.completedAfter(sentBeforeRestart) >= 100);
        }
        account.awaitOutcomes(OUTCOMES);
        stopConsumer();

        account.assertAccountedFor(output, true);
        assertThat(account.failures()).as("sends while the consumer was down").isNotEmpty();
    }

    @Test
    void shouldAccountForEveryMessageWhenTheNetdevGoesDownForTenSeconds() throws Exception
    {
        final String netdev = netdev();
        startConsumer();
        final DeliveryAccount account = new DeliveryAccount("link-");
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            consumer.awaitLine(LedgerApplication.PROCESSED + "link-200", START);
            link(netdev, "down");
            try
            {
                Thread.sleep(10_000);
            }
            finally
            {
                link(netdev, "up");
            }
            final int sentBeforeUp = account.sent();
            await("100 messages processed after the link came back", () -> account.completedAfter(sentBeforeUp)
                >= 100);
        }
        account.awaitOutcomes(OUTCOMES);
        stopConsumer();

        account.assertAccountedFor(output, true);
    }

    @Test
    void shouldHoldBackAProducerTenTimesFasterThanItsConsumerWithinTheConfiguredPool() throws Exception
    {
        startConsumer(SMALL_POOL);
        final DeliveryAccount account = new DeliveryAccount("slow-");
        final RdmaTemplate template = startProducer(SMALL_POOL);
        final RdmaProperties properties = producer.getBean(RdmaProperties.class);
        final long pool = 2L * RECEIVE_QUEUE_DEPTH * properties.toFrameLimits().maxFrameLength();
        final long heapBefore = heapAfterGc();
        final AtomicLong maxPinned = new AtomicLong();
        try (Sender sender = new Sender(template, "ledger-slow", account, LedgerApplication.SLOW_MILLIS / 10))
        {
            final long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < end)
            {
                maxPinned.accumulateAndGet(MemoryLimits.pinnedBytes(), Math::max);
                Thread.sleep(50);
            }
        }
        account.awaitOutcomes(OUTCOMES);
        final long heapGrowth = heapAfterGc() - heapBefore;
        stopConsumer();

        account.assertAccountedFor(output, false);
        assertThat(account.failures()).as("failures of a slow but healthy consumer").isEmpty();
        assertThat(account.maxOutstanding()).as("messages sent and not yet processed, at most the consumer's "
            + "receive queue depth (+1 being sent)").isLessThanOrEqualTo(RECEIVE_QUEUE_DEPTH + 1);
        assertThat(maxPinned.get()).as("pinned bytes of the producer: one connection's pool").isPositive()
            .isLessThanOrEqualTo(pool);
        assertThat(consumerPinned()).as("pinned bytes of the consumer, sampled each second: at most one "
            + "connection's pool beside the one closing from before").isLessThanOrEqualTo(2 * pool);
        assertThat(heapGrowth).as("heap growth of the producer after a minute of back-pressure")
            .isLessThan(32L << 20);
        System.out.println("Slow consumer: " + account.sent() + " sent, at most " + account.maxOutstanding()
            + " outstanding, producer pinned at most " + maxPinned.get() + " bytes (pool " + pool + "), heap grew "
            + heapGrowth + " bytes");
    }

    @Test
    void shouldProcessOrReportEveryMessageWhenTheConsumerShutsDownGracefully() throws Exception
    {
        startConsumer();
        final DeliveryAccount account = new DeliveryAccount("term-");
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            consumer.awaitLine(LedgerApplication.PROCESSED + "term-200", START);
            stopConsumer();
            awaitFailures(account);
        }
        account.awaitOutcomes(OUTCOMES);

        account.assertAccountedFor(output, false);
        assertThat(account.failures()).as("sends after the consumer stopped").isNotEmpty();
    }

    @Test
    void shouldProcessOrReportEveryMessageWhenTheProducerShutsDownGracefully() throws Exception
    {
        startConsumer();
        final DeliveryAccount account = new DeliveryAccount("close-");
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            consumer.awaitLine(LedgerApplication.PROCESSED + "close-200", START);
            producer.close();
            awaitFailures(account);
        }
        account.awaitOutcomes(OUTCOMES);
        stopConsumer();

        account.assertAccountedFor(output, false);
        assertThat(account.completed()).as("messages processed before the producer closed").isGreaterThanOrEqualTo(200);
    }

    private void startConsumer(final String... properties) throws InterruptedException
    {
        final List<String> arguments = new ArrayList<>(List.of("--rdma.device=" + RdmaTestEnvironment.deviceName(),
            "--spring.main.banner-mode=off", "--rdma.listener.address=" + RdmaTestEnvironment.address(),
            "--rdma.listener.port=" + port));
        Arrays.stream(properties).map(property -> "--" + property).forEach(arguments::add);
        consumer = ChildJvm.of(LedgerApplication.class).arguments(arguments.toArray(String[]::new)).start();
        port = Integer.parseInt(consumer.awaitLine("READY ", START).trim());
    }

    /** Stops the consumer as a service manager does (SIGTERM) and keeps everything it printed. */
    private void stopConsumer() throws InterruptedException
    {
        ProcessHandle.of(consumer.pid()).ifPresent(ProcessHandle::destroy);
        consumer.awaitExit(START);
        output.addAll(consumer.output().lines().toList());
        consumer.close();
        consumer = null;
    }

    private RdmaTemplate startProducer(final String... properties)
    {
        final String peer = "rdma://" + RdmaTestEnvironment.address() + ":" + port;
        final List<String> all = new ArrayList<>(List.of("rdma.routes.ledger=" + peer,
            "rdma.routes.ledger-slow=" + peer, "rdma.reply-timeout=30s", "rdma.connect-timeout=5s"));
        all.addAll(List.of(properties));
        producer = RdmaMessagingTest.application(ProducerApplication.class, all.toArray(String[]::new));
        return producer.getBean(RdmaTemplate.class);
    }

    /** Remembers the output of a consumer that was killed. */
    private void keepOutput() throws InterruptedException
    {
        output.addAll(consumer.output().lines().toList());
        consumer.close();
        consumer = null;
    }

    private void awaitFailures(final DeliveryAccount account) throws InterruptedException
    {
        if (consumer != null && !consumer.isAlive())
        {
            keepOutput();
        }
        await("failures reported to the sender", () -> !account.failures().isEmpty());
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + START.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("Not seen within " + START + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private long consumerPinned()
    {
        long max = 0;
        for (final String line : output)
        {
            if (line.startsWith(LedgerApplication.STATS))
            {
                max = Math.max(max, Long.parseLong(line.split(" ")[1]));
            }
        }
        return max;
    }

    private static long heapAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The netdev under the test device's port 1, from sysfs. */
    private static String netdev() throws IOException
    {
        final Path file = Path.of("/sys/class/infiniband", RdmaTestEnvironment.deviceName(), "ports/1/gid_attrs/ndevs/0");
        return Files.readString(file).trim();
    }

    private static void link(final String netdev, final String state) throws IOException, InterruptedException
    {
        final Process ip = new ProcessBuilder("ip", "link", "set", netdev, state).inheritIO().start();
        assertThat(ip.waitFor()).as("ip link set %s %s", netdev, state).isZero();
    }

    /** Sends ids from its own thread until closed; paces itself after a failure so a dead peer is not hammered. */
    private static final class Sender implements AutoCloseable
    {
        private final Thread thread;
        private volatile boolean running = true;

        Sender(final RdmaTemplate template, final String destination, final DeliveryAccount account,
            final long pauseMillis)
        {
            thread = new Thread(() ->
            {
                while (running)
                {
                    final CompletableFuture<Void> outcome = account.sendNext(template, destination);
                    try
                    {
                        Thread.sleep(outcome.isCompletedExceptionally() ? 20 : pauseMillis);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            }, "fault-test-sender");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException
        {
            running = false;
            thread.join(OUTCOMES.toMillis());
            assertThat(thread.isAlive()).as("the sender thread stopped").isFalse();
        }
    }
}

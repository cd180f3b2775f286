package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

import io.rdmaspring.boot.autoconfigure.RdmaProperties;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.verbs.ConnectionConfig;
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
 * <p>
 * A Spring application takes minutes to start in the emulated guest, so the tests share one consumer and run in
 * order: the kill test starts it and restarts it, the others use it (starting it when run alone), the last stops it
 * gracefully. Only then is its output complete, so every test's accounting is checked there (the slow-consumer
 * test's bounds are checked at once).
 */
@RdmaTest
@Tag(DeliveryFaultTest.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryFaultTest
{
    /** The fault tests' tag: scripts/test runs them apart from the other RDMA tests (they take the netdev down). */
    static final String TAG = "fault";

    private static final Duration START = Duration.ofMinutes(10);
    private static final Duration OUTCOMES = Duration.ofSeconds(120);
    private static final int RECEIVE_QUEUE_DEPTH = 8;
    private static final int SEND_QUEUE_DEPTH = 8;
    private static final int BUFFERS = RECEIVE_QUEUE_DEPTH + SEND_QUEUE_DEPTH;
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final String[] SMALL_POOL = {"rdma.connection.buffers=" + BUFFERS,
        "rdma.connection.receive-queue-depth=" + RECEIVE_QUEUE_DEPTH,
        "rdma.connection.send-queue-depth=" + SEND_QUEUE_DEPTH};

    /** Everything the consumers that ended printed. */
    private static final List<String> output = new ArrayList<>();
    /** Accounts to check against {@link #output} once the consumer stopped, with whether in-doubt ids are allowed. */
    private static final Map<DeliveryAccount, Boolean> unchecked = new LinkedHashMap<>();
    private static ChildJvm consumer;
    private static int port;
    private ConfigurableApplicationContext producer;

    @AfterEach
    void closeProducer()
    {
        if (producer != null)
        {
            producer.close();
        }
    }

    @AfterAll
    static void closeConsumer() throws Exception
    {
        if (consumer != null)
        {
            consumer.close();
        }
    }

    @Test
    @Order(1)
    void shouldAccountForEveryMessageWhenTheConsumerIsKilledAndDeliverAgainOnceItRestarts() throws Exception
    {
        startConsumer();
        final DeliveryAccount account = new DeliveryAccount("kill-");
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            consumer.awaitLine(LedgerApplication.PROCESSED + "kill-200", START);
            consumer.kill();
            keepOutput();
            await("failures reported to the sender", () -> !account.failures().isEmpty());
            startConsumer();
            final int sentBeforeRestart = account.sent();
            await("100 messages processed after the restart", () -> account.completedAfter(sentBeforeRestart) >= 100);
        }
        settle(account, true);
        assertThat(account.failures()).as("sends while the consumer was down").isNotEmpty();
    }

    @Test
    @Order(2)
    void shouldAccountForEveryMessageWhenTheNetdevGoesDownForTenSeconds() throws Exception
    {
        ensureConsumer();
        final String netdev = netdev();
        final DeliveryAccount account = new DeliveryAccount("link-");
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            await("200 messages processed", () -> account.completed() >= 200);
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
            await("100 messages processed after the link came back", RECOVERY,
                () -> account.completedAfter(sentBeforeUp) >= 100);
        }
        settle(account, true);
    }

    @Test
    @Order(3)
    void shouldHoldBackAProducerTenTimesFasterThanItsConsumerWithinTheConfiguredPool() throws Exception
    {
        ensureConsumer();
        final DeliveryAccount account = new DeliveryAccount("slow-");
        final RdmaTemplate template = startProducer();
        final RdmaProperties properties = producer.getBean(RdmaProperties.class);
        final long pool = new ConnectionConfig().maxMessageSize(properties.toFrameLimits().maxFrameLength())
            .sendBuffers(SEND_QUEUE_DEPTH).receiveBuffers(RECEIVE_QUEUE_DEPTH).conclude().pinnedBytesPerConnection();
        final long heapBefore = heapAfterGc();
        final AtomicLong maxPinned = new AtomicLong();
        final int statsBefore = consumerStats().size();
        try (Sender sender = new Sender(template, "ledger-slow", account, LedgerApplication.SLOW_MILLIS / 10))
        {
            final long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < end)
            {
                maxPinned.accumulateAndGet(MemoryLimits.pinnedBytes(), Math::max);
                Thread.sleep(50);
            }
        }
        settle(account, false);
        final long heapGrowth = heapAfterGc() - heapBefore;
        final List<Long> stats = consumerStats();
        final List<Long> consumerPinned = stats.subList(statsBefore, stats.size());

        final SoftAssertions softly = new SoftAssertions();
        softly.assertThat(account.failures()).as("failures of a slow but healthy consumer").isEmpty();
        softly.assertThat(account.maxOutstanding()).as("messages sent and not yet confirmed processed, at most the "
            + "configured pool of buffers (+1 being sent)").isLessThanOrEqualTo(BUFFERS + 1);
        softly.assertThat(maxPinned.get()).as("pinned bytes of the producer: one connection's pool").isPositive()
            .isLessThanOrEqualTo(pool);
        softly.assertThat(consumerPinned).as("pinned bytes of the consumer, each second: one connection's pool, and "
            + "one from before that may still be closing").isNotEmpty().allMatch(pinned -> pinned <= 2 * pool);
        softly.assertThat(heapGrowth).as("heap growth of the producer after a minute of back-pressure")
            .isLessThan(32L << 20);
        System.out.println("Slow consumer: " + account.sent() + " sent, at most " + account.maxOutstanding()
            + " outstanding, producer pinned at most " + maxPinned.get() + " bytes (pool " + pool + "), heap grew "
            + heapGrowth + " bytes");
        softly.assertAll();
    }

    @Test
    @Order(4)
    void shouldProcessOrReportEveryMessageWhenTheProducerShutsDownGracefully() throws Exception
    {
        shutDownUnderLoad("close-", () -> producer.close());
    }

    /** Last: stops the consumer, after which its output is complete and every test's accounting is checked. */
    @Test
    @Order(5)
    void shouldProcessOrReportEveryMessageWhenTheConsumerShutsDownGracefully() throws Exception
    {
        shutDownUnderLoad("term-", DeliveryFaultTest::stopConsumer);

        final SoftAssertions softly = new SoftAssertions();
        unchecked.forEach((checked, inDoubtAllowed) -> softly.check(() ->
            checked.assertAccountedFor(output, inDoubtAllowed)));
        softly.assertAll();
    }

    /**
     * Sends until 200 messages were processed, runs {@code shutdown} while sending goes on, then sends until failures
     * are reported; no message may be left in doubt.
     */
    private void shutDownUnderLoad(final String prefix, final Shutdown shutdown) throws Exception
    {
        ensureConsumer();
        final DeliveryAccount account = new DeliveryAccount(prefix);
        final RdmaTemplate template = startProducer();
        try (Sender sender = new Sender(template, "ledger", account, 0))
        {
            await("200 messages processed", () -> account.completed() >= 200);
            shutdown.run();
            await("failures reported to the sender", () -> !account.failures().isEmpty());
        }
        settle(account, false);
    }

    /** Waits for every outcome and queues the account for the check against the consumer's complete output. */
    private static void settle(final DeliveryAccount account, final boolean inDoubtAllowed) throws InterruptedException
    {
        account.awaitOutcomes(OUTCOMES);
        unchecked.put(account, inDoubtAllowed);
    }

    /** Starts the consumer unless it runs: the tests share it, and each can also run alone. */
    private static void ensureConsumer() throws InterruptedException
    {
        if (consumer == null)
        {
            startConsumer();
        }
    }

    private static void startConsumer() throws InterruptedException
    {
        final List<String> arguments = new ArrayList<>(List.of("--rdma.device=" + RdmaTestEnvironment.deviceName(),
            "--spring.main.banner-mode=off", "--rdma.listener.address=" + RdmaTestEnvironment.address(),
            "--rdma.listener.port=" + port));
        arguments.addAll(Arrays.stream(SMALL_POOL).map(property -> "--" + property).toList());
        consumer = ChildJvm.of(LedgerApplication.class).arguments(arguments.toArray(String[]::new)).start();
        try
        {
            port = Integer.parseInt(consumer.awaitLine("READY ", START).trim());
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "\nIts threads:\n" + threadDump(consumer.pid()), ex);
        }
    }

    /** Stops the consumer as a service manager does (SIGTERM) and keeps everything it printed. */
    private static void stopConsumer() throws InterruptedException
    {
        ProcessHandle.of(consumer.pid()).ifPresent(ProcessHandle::destroy);
        consumer.awaitExit(START);
        keepOutput();
    }

    private RdmaTemplate startProducer()
    {
        final String peer = "rdma://" + RdmaTestEnvironment.address() + ":" + port;
        final List<String> all = new ArrayList<>(List.of("rdma.routes.ledger=" + peer,
            "rdma.routes.ledger-slow=" + peer, "rdma.reply-timeout=30s", "rdma.connect-timeout=5s"));
        all.addAll(List.of(SMALL_POOL));
        producer = RdmaMessagingTest.application(ProducerApplication.class, all.toArray(String[]::new));
        return producer.getBean(RdmaTemplate.class);
    }

    /** Remembers the output of a consumer that ended, and prints its log (all but its PROCESSED and STATS lines). */
    private static void keepOutput() throws InterruptedException
    {
        final List<String> lines = consumer.output().lines().toList();
        output.addAll(lines);
        System.out.println("----- consumer " + consumer.pid() + " -----");
        lines.stream().filter(line -> !line.startsWith(LedgerApplication.PROCESSED)
            && !line.startsWith(LedgerApplication.STATS)).forEach(System.out::println);
        consumer.close();
        consumer = null;
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        await(what, START, condition);
    }

    private static void await(final String what, final Duration timeout, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("Not seen within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The pinned bytes in the consumer's STATS lines so far, the running one's included. */
    private static List<Long> consumerStats()
    {
        final List<Long> pinned = new ArrayList<>();
        for (final String line : consumer.output().lines().toList())
        {
            if (line.startsWith(LedgerApplication.STATS))
            {
                pinned.add(Long.parseLong(line.split(" ")[1]));
            }
        }
        return pinned;
    }

    private static long heapAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String threadDump(final long pid)
    {
        try
        {
            final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            final Process process = new ProcessBuilder(jcmd, String.valueOf(pid), "Thread.print")
                .redirectErrorStream(true).start();
            final String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return dump;
        }
        catch (final IOException | InterruptedException ex)
        {
            return "(no thread dump: " + ex + ")";
        }
    }

    /** The netdev behind the test device, which the Soft-RoCE guest names: a real host's is never taken down. */
    private static String netdev()
    {
        final String netdev = System.getenv("RDMA_TEST_NETDEV");
        assertThat(netdev).as("RDMA_TEST_NETDEV, the netdev behind the test device (scripts/rxe-guest sets it)")
            .isNotBlank();
        return netdev;
    }

    private static void link(final String netdev, final String state) throws IOException, InterruptedException
    {
        final Process ip = new ProcessBuilder("ip", "link", "set", netdev, state).inheritIO().start();
        assertThat(ip.waitFor()).as("ip link set %s %s", netdev, state).isZero();
    }

    /** Shuts one side down. */
    @FunctionalInterface
    private interface Shutdown
    {
        void run() throws Exception;
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

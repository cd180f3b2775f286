package io.rdmaspring.boot.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.rdmaspring.boot.annotation.RdmaListener;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.verbs.MemoryLimits;

/**
 * A soak run (a program for scripts/soak, not a test): a consumer application and, in turn, producer applications in
 * this JVM, each producer sending one-way messages ({@code convertAndSendAsync}) and requests for a few seconds and
 * then closing, so the connection is torn down and opened again all the time. Once a minute, when no producer is open
 * and the consumer has torn down the last one's connection, it prints the bytes pinned, the open file descriptors and
 * the heap used after a GC; at the end it compares the last minute with the first and prints {@code VERDICT FLAT} or
 * {@code VERDICT GROWING}, and exits 1 when something grew or a message was neither processed nor reported.
 * <p>
 * Usage: {@code Soak DEVICE ADDRESS MINUTES}.
 */
public final class Soak
{
    /** How long one producer lives before it closes and the next one connects. */
    private static final long CYCLE_MILLIS = 5_000;
    /** Heap growth after GC tolerated between the first and the last minute: class loading, JIT, caches. */
    private static final long HEAP_SLACK = 16L << 20;
    /** Messages each producer sends at least, however slow the machine. */
    private static final int MIN_MESSAGES_PER_CYCLE = 100;
    /** How long a sample waits for the consumer to tear down the connection of the producer that just closed. */
    private static final long TEARDOWN_MILLIS = 30_000;
    /** File descriptors tolerated on top of the first minute's, e.g. a log file opened late. */
    private static final int FD_SLACK = 4;

    private Soak()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String device = args[0];
        final String address = args[1];
        final long minutes = Long.parseLong(args[2]);
        final List<Sample> samples = new ArrayList<>();
        long sent = 0;
        long failed = 0;
        int cycles = 0;
        try (ConfigurableApplicationContext consumer = application(Consumer.class, "rdma.device=" + device,
            "rdma.listener.address=" + address, "rdma.listener.port=0"))
        {
            final Counter counter = consumer.getBean(Counter.class);
            final RdmaServer server = consumer.getBean(RdmaServer.class);
            final String peer = "rdma://" + address + ":" + server.localAddress().getPort();
            final long start = System.nanoTime();
            final long end = start + TimeUnit.MINUTES.toNanos(minutes);
            long nextSample = start;
            while (System.nanoTime() < end)
            {
                if (System.nanoTime() >= nextSample)
                {
                    awaitTornDown(server, samples);
                    final Sample sample = Sample.take(samples.size(), sent, failed, counter.processed.get(), cycles);
                    samples.add(sample);
                    System.out.println(sample);
                    nextSample += TimeUnit.MINUTES.toNanos(1);
                }
                final long[] outcome = cycle(device, peer, Math.min(end, nextSample));
                sent += outcome[0];
                failed += outcome[1];
                cycles++;
            }
            awaitTornDown(server, samples);
            final Sample last = Sample.take(samples.size(), sent, failed, counter.processed.get(), cycles);
            samples.add(last);
            System.out.println(last);
            final boolean accounted = counter.processed.get() + failed >= sent && counter.processed.get() <= sent;
            System.out.println(verdict(samples, accounted));
            System.exit(flat(samples) && accounted ? 0 : 1);
        }
    }

    /**
     * One producer: starts, connects with a first request, then sends for one cycle (or until {@code until}, but at
     * least {@link #MIN_MESSAGES_PER_CYCLE} messages) and closes. The cycle's clock starts once connected: in an
     * emulated guest an application takes many seconds to start. Returns {sent, failed}.
     */
    private static long[] cycle(final String device, final String peer, final long until) throws Exception
    {
        final List<CompletableFuture<?>> outcomes = new ArrayList<>();
        try (ConfigurableApplicationContext producer = application(Producer.class, "rdma.device=" + device,
            "rdma.routes.sink=" + peer, "rdma.routes.echo=" + peer, "rdma.reply-timeout=30s"))
        {
            final RdmaTemplate template = producer.getBean(RdmaTemplate.class);
            outcomes.add(template.convertSendAndReceiveAsync("echo", "connect", String.class));
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).exceptionally(ignored -> null)
                .get(60, TimeUnit.SECONDS);
            final long stop = Math.min(until, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CYCLE_MILLIS));
            int i = 0;
            do
            {
                outcomes.add(template.convertAndSendAsync("sink", "message " + i));
                if (++i % 50 == 0)
                {
                    outcomes.add(template.convertSendAndReceiveAsync("echo", "request " + i, String.class));
                }
            }
            while (System.nanoTime() < stop || i < MIN_MESSAGES_PER_CYCLE);
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).exceptionally(ignored -> null)
                .get(60, TimeUnit.SECONDS);
        }
        final long failed = outcomes.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        return new long[] {outcomes.size(), failed};
    }

    /**
     * Waits until the consumer has torn down every connection and pinned memory is back to where it was before the
     * first one (minute 0), so a sample never counts the buffers of a connection whose producer has closed but whose
     * teardown the consumer has not finished. What a connection leaked still shows: the wait ends after
     * {@link #TEARDOWN_MILLIS}.
     */
    private static void awaitTornDown(final RdmaServer server, final List<Sample> samples) throws InterruptedException
    {
        final long idlePinned = samples.isEmpty() ? Long.MAX_VALUE : samples.get(0).pinned;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TEARDOWN_MILLIS);
        while ((server.openConnections() > 0 || MemoryLimits.pinnedBytes() > idlePinned)
            && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
        }
    }

    private static String verdict(final List<Sample> samples, final boolean accounted)
    {
        final Sample first = samples.get(Math.min(1, samples.size() - 1));
        final Sample last = samples.get(samples.size() - 1);
        return "VERDICT " + (flat(samples) && accounted ? "FLAT" : "GROWING") + ": pinned " + first.pinned + " -> "
            + last.pinned + " bytes, fds " + first.fds + " -> " + last.fds + ", heap after GC " + first.heap / 1024
            + " -> " + last.heap / 1024 + " KiB (from minute " + first.minute + " to the end; minute 0 is before any "
            + "connection), " + last.cycles + " connections opened and closed, " + last.sent + " messages sent, "
            + last.processed + " processed, " + last.failed + " reported failed"
            + (accounted ? "" : "; SOME MESSAGES ARE NEITHER PROCESSED NOR REPORTED FAILED");
    }

    /** The last sample against the first after warm-up (minute 1): pinned no higher, fds and heap within slack. */
    private static boolean flat(final List<Sample> samples)
    {
        final Sample first = samples.get(Math.min(1, samples.size() - 1));
        final Sample last = samples.get(samples.size() - 1);
        return last.pinned <= first.pinned && last.fds <= first.fds + FD_SLACK && last.heap <= first.heap + HEAP_SLACK;
    }

    private static ConfigurableApplicationContext application(final Class<?> source, final String... properties)
    {
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE).logStartupInfo(false)
            .properties("spring.main.banner-mode=off", "logging.level.io.rdmaspring=WARN").properties(properties).run();
    }

    private record Sample(int minute, long pinned, long fds, long heap, long sent, long failed, long processed,
        int cycles)
    {
        static Sample take(final int minute, final long sent, final long failed, final long processed,
            final int cycles)
        {
            System.gc();
            return new Sample(minute, MemoryLimits.pinnedBytes(), openFileDescriptors(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), sent, failed, processed, cycles);
        }

        @Override
        public String toString()
        {
            return "SAMPLE " + Instant.now() + " minute=" + minute + " pinned_bytes=" + pinned + " open_fds=" + fds
                + " heap_after_gc_kib=" + heap / 1024 + " connections=" + cycles + " sent=" + sent + " processed="
                + processed + " failed=" + failed;
        }
    }

    private static long openFileDescriptors()
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /** Counts what its listeners processed. */
    static final class Counter
    {
        final AtomicLong processed = new AtomicLong();

        @RdmaListener(id = "sink", destination = "sink")
        public void onMessage(final String text)
        {
            processed.incrementAndGet();
        }

        @RdmaListener(id = "echo", destination = "echo")
        public String onRequest(final String text)
        {
            processed.incrementAndGet();
            return text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Consumer
    {
        @Bean
        Counter counter()
        {
            return new Counter();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Producer
    {
    }
}

package io.rdmaspring.boot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.ThreadMXBean;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.rdmaspring.boot.annotation.RdmaListener;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;

/**
 * The Spring layer measured end to end (a program for scripts/bench, not a test): two applications in two JVMs on
 * the device, as two services would run, in the starter's default poll mode, event, unless POLL_MODE says busy, with
 * {@code rdma.poll-spin} POLL_SPIN (the default when empty). The consumer serves five listeners; the producer
 * measures against it. {@code request_reply}: {@code RdmaTemplate.sendAndReceive} of 64 bytes to a listener that
 * returns them, one-way latency = round trip / 2, measured once both JVMs' JIT compilers have settled: after WARMUP
 * round trips it goes on warming up until, in two batches in a row, neither JVM's compiler threads were on a CPU for
 * more than 2% of the batch's time (for at most five minutes; an INFO line tells how it ended, another how long they
 * ran while measuring). Compiler threads that still run take CPUs from the threads a round trip needs, and on a
 * machine with two that made round trips several times slower. Their CPU time comes from Linux's
 * {@code /proc/self/task}: the JVM's own total compilation time counts finished compilations only, and a C2
 * compilation can take longer than a batch under emulation. It also reports the heap bytes allocated per round trip by the
 * calling thread (which decodes the reply it polls for) and by the listener's thread (which decodes the request, runs
 * the listener and sends the reply; the consumer is asked before and after). {@code stream}: {@code sendDirect} of
 * 4 KiB messages to a listener, until the last is acknowledged as processed; then the consumer is asked how many it
 * received. Busy polling takes a CPU per application besides the calling thread, so it is slower where there are only
 * two.
 * <pre>
 *   TemplateBenchmark consumer DEVICE ADDRESS READY_FILE POLL_MODE POLL_SPIN
 *   TemplateBenchmark producer DEVICE ADDRESS PORT WARMUP ROUNDS MESSAGES POLL_MODE POLL_SPIN
 * </pre>
 * The consumer writes its port to READY_FILE once it listens and runs until it is stopped (SIGTERM).
 */
public final class TemplateBenchmark
{
    private static final int LATENCY_SIZE = 64;
    private static final int STREAM_SIZE = 4096;
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    /** This JVM's threads, on Linux: where the JIT compiler threads' CPU time is read. */
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Round trips per warm-up batch once the minimum warm-up is done. */
    private static final int WARMUP_BATCH = 5_000;
    /** A batch in which each JVM's JIT compiled for at most this share of the batch's time counts as settled. */
    private static final double SETTLED_COMPILE_SHARE = 0.02;
    /** Settled batches in a row that end the warm-up. */
    private static final int SETTLED_BATCHES = 2;
    /** The longest the warm-up goes on for the JIT compilers to settle. */
    private static final long WARMUP_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private TemplateBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 6 && "consumer".equals(args[0]))
        {
            consumer(args[1], args[2], Path.of(args[3]), args[4], args[5]);
        }
        else if (args.length == 9 && "producer".equals(args[0]))
        {
            producer(args);
        }
        else
        {
            System.err.println("Usage: TemplateBenchmark consumer DEVICE ADDRESS READY_FILE POLL_MODE POLL_SPIN\n"
                + "       TemplateBenchmark producer DEVICE ADDRESS PORT WARMUP ROUNDS MESSAGES POLL_MODE POLL_SPIN");
            System.exit(2);
        }
    }

    private static void consumer(final String device, final String address, final Path ready, final String pollMode,
        final String pollSpin) throws Exception
    {
        final ConfigurableApplicationContext consumer = application(Consumer.class, polling(pollMode, pollSpin),
            "rdma.device=" + device, "rdma.listener.address=" + address, "rdma.listener.port=0");
        final int port = consumer.getBean(RdmaServer.class).localAddress().getPort();
        final Path written = Files.writeString(ready.resolveSibling(ready.getFileName() + ".tmp"), port + "\n");
        Files.move(written, ready, StandardCopyOption.ATOMIC_MOVE);
        // the listener's keep-alive thread holds the JVM until SIGTERM closes the context
    }

    private static void producer(final String[] args) throws Exception
    {
        final String device = args[1];
        final String peer = "rdma://" + args[2] + ":" + args[3];
        final int warmup = Integer.parseInt(args[4]);
        final int rounds = Integer.parseInt(args[5]);
        final int messages = Integer.parseInt(args[6]);
        final String[] polling = polling(args[7], args[8]);
        System.out.println("INFO impl=template two JVMs, " + String.join(" ", polling));
        try (ConfigurableApplicationContext producer = application(Producer.class, polling,
            "rdma.device=" + device, "rdma.routes.echo=" + peer, "rdma.routes.sink=" + peer,
            "rdma.routes.count=" + peer, "rdma.routes.allocated=" + peer, "rdma.routes.compiled=" + peer))
        {
            final RdmaTemplate template = producer.getBean(RdmaTemplate.class);
            requestReply(template, warmup, rounds);
            stream(template, messages);
        }
        System.exit(0);
    }

    private static String[] polling(final String pollMode, final String pollSpin)
    {
        return pollSpin.isEmpty()
            ? new String[] {"rdma.poll-mode=" + pollMode}
            : new String[] {"rdma.poll-mode=" + pollMode, "rdma.poll-spin=" + pollSpin};
    }

    private static void requestReply(final RdmaTemplate template, final int warmup, final int rounds)
    {
        final Message<byte[]> request = MessageBuilder.withPayload(new byte[LATENCY_SIZE]).build();
        warmUp(template, request, warmup);
        final long listenerBefore = listenerAllocatedBytes(template);
        final long callerCompilerBefore = compilerCpuMillis();
        final long listenerCompilerBefore = listenerCompilerCpuMillis(template);
        final long callerBefore = THREADS.getCurrentThreadAllocatedBytes();
        final long[] oneWayNanos = new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            final long start = System.nanoTime();
            final Message<?> reply = template.sendAndReceive("echo", request);
            oneWayNanos[i] = (System.nanoTime() - start) / 2;
            if (reply == null || ((byte[])reply.getPayload()).length != LATENCY_SIZE)
            {
                throw new IllegalStateException("Wrong reply in round " + i + ": " + reply);
            }
        }
        final long callerBytes = THREADS.getCurrentThreadAllocatedBytes() - callerBefore;
        final long listenerBytes = listenerAllocatedBytes(template) - listenerBefore;
        System.out.printf("INFO impl=template op=request_reply compiler_cpu_ms_while_measuring caller=%d listener=%d%n",
            Math.max(0, compilerCpuMillis() - callerCompilerBefore),
            Math.max(0, listenerCompilerCpuMillis(template) - listenerCompilerBefore));
        System.out.printf("INFO impl=template op=request_reply rounds=%d caller_bytes_per_round_trip=%.1f "
            + "listener_bytes_per_round_trip=%.1f%n", rounds, (double)callerBytes / rounds, (double)listenerBytes / rounds);
        Arrays.sort(oneWayNanos);
        System.out.printf("RESULT impl=template op=request_reply size=%d p50_us=%.2f p99_us=%.2f%n", LATENCY_SIZE,
            oneWayNanos[rounds / 2] / 1000.0, oneWayNanos[(int)(rounds * 0.99)] / 1000.0);
    }

    /**
     * Runs {@code minimum} round trips, then batches of {@link #WARMUP_BATCH} until the JIT compilers of both JVMs
     * settle or {@link #WARMUP_LIMIT_NANOS} passes.
     */
    private static void warmUp(final RdmaTemplate template, final Message<byte[]> request, final int minimum)
    {
        final long start = System.nanoTime();
        for (int i = 0; i < minimum; i++)
        {
            template.sendAndReceive("echo", request);
        }
        int rounds = minimum;
        int settled = 0;
        long callerCompiled = 0;
        long listenerCompiled = 0;
        while (settled < SETTLED_BATCHES && System.nanoTime() - start < WARMUP_LIMIT_NANOS)
        {
            final long callerBefore = compilerCpuMillis();
            final long listenerBefore = listenerCompilerCpuMillis(template);
            final long batchStart = System.nanoTime();
            for (int i = 0; i < WARMUP_BATCH; i++)
            {
                template.sendAndReceive("echo", request);
            }
            rounds += WARMUP_BATCH;
            final double allowed = SETTLED_COMPILE_SHARE * (System.nanoTime() - batchStart) / 1e6;
            // a compiler thread that ended takes its time with it: a drop counts as none
            callerCompiled = Math.max(0, compilerCpuMillis() - callerBefore);
            listenerCompiled = Math.max(0, listenerCompilerCpuMillis(template) - listenerBefore);
            settled = callerCompiled <= allowed && listenerCompiled <= allowed ? settled + 1 : 0;
        }
        System.out.printf("INFO impl=template warmup rounds=%d seconds=%.1f jit_settled=%b "
            + "last_batch_compiler_cpu_ms caller=%d listener=%d%n", rounds, (System.nanoTime() - start) / 1e9,
            settled >= SETTLED_BATCHES, callerCompiled, listenerCompiled);
    }

    /**
     * The CPU time of this JVM's JIT compiler threads that run now, from {@code /proc/self/task}; where that cannot be
     * read (not Linux), the time the JVM reports its compilers spent on finished compilations.
     */
    private static long compilerCpuMillis()
    {
        if (!Files.isDirectory(TASKS))
        {
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS))
        {
            for (final Path task : tasks)
            {
                try
                {
                    final String name = Files.readString(task.resolve("comm"));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"))
                    {
                        final String schedstat = Files.readString(task.resolve("schedstat"));
                        nanos += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                }
                catch (final IOException | RuntimeException ex)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("Cannot list " + TASKS + ": " + ex.getMessage(), ex);
        }
        return nanos / 1_000_000;
    }

    private static long listenerCompilerCpuMillis(final RdmaTemplate template)
    {
        return Long.parseLong(template.convertSendAndReceive("compiled", "how long", String.class));
    }

    private static void stream(final RdmaTemplate template, final int messages) throws Exception
    {
        send(template, messages / 2);
        final long before = received(template);
        final long start = System.nanoTime();
        send(template, messages);
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long received = received(template) - before;
        if (received != messages)
        {
            throw new IllegalStateException("The listener got " + received + " of " + messages);
        }
        System.out.printf("RESULT impl=template op=stream size=%d MBps=%.2f%n", STREAM_SIZE,
            (double)messages * STREAM_SIZE / seconds / 1e6);
    }

    /** What the consumer's listener thread (its poller: concurrency 1) has allocated so far. */
    private static long listenerAllocatedBytes(final RdmaTemplate template)
    {
        return Long.parseLong(template.convertSendAndReceive("allocated", "how much", String.class));
    }

    private static long received(final RdmaTemplate template)
    {
        return Long.parseLong(template.convertSendAndReceive("count", "how many", String.class));
    }

    private static void send(final RdmaTemplate template, final int messages) throws Exception
    {
        for (int i = 1; i < messages; i++)
        {
            template.sendDirect("sink", Map.of(), (buffer, offset, capacity) -> STREAM_SIZE);
        }
        final CompletableFuture<Void> last =
            template.sendDirectAsync("sink", Map.of(), (buffer, offset, capacity) -> STREAM_SIZE);
        last.get(10, TimeUnit.MINUTES);
    }

    private static ConfigurableApplicationContext application(final Class<?> source, final String[] polling,
        final String... properties)
    {
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE).logStartupInfo(false)
            .properties("spring.main.banner-mode=off", "logging.level.root=warn")
            .properties(polling)
            .properties(properties)
            .run();
    }

    /** Echoes requests, counts streamed messages, tells the count, what its thread allocated and its JIT's CPU time. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Consumer
    {
        @Bean
        Listeners benchmarkListeners()
        {
            return new Listeners(new AtomicLong());
        }
    }

    /** Sends only. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Producer
    {
    }

    record Listeners(AtomicLong received)
    {
        @RdmaListener(id = "echo", destination = "echo")
        public byte[] echo(final byte[] request)
        {
            return request;
        }

        @RdmaListener(id = "sink", destination = "sink")
        public void sink(final ByteBuffer view)
        {
            received.incrementAndGet();
        }

        @RdmaListener(id = "count", destination = "count")
        public String count(final String ignored)
        {
            return Long.toString(received.get());
        }

        @RdmaListener(id = "allocated", destination = "allocated")
        public String allocated(final String ignored)
        {
            return Long.toString(THREADS.getCurrentThreadAllocatedBytes());
        }

        @RdmaListener(id = "compiled", destination = "compiled")
        public String compiled(final String ignored)
        {
            return Long.toString(compilerCpuMillis());
        }
    }
}

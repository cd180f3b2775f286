package io.rdmaspring.boot.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * The Spring layer measured end to end (a program for scripts/bench, not a test): two applications in this JVM on
 * the device, in the starter's default poll mode, event, unless POLL_MODE says busy, with {@code rdma.poll-spin}
 * POLL_SPIN (the default when not given). {@code request_reply}:
 * {@code RdmaTemplate.sendAndReceive} of 64 bytes to a listener that returns them, one-way latency = round trip / 2.
 * {@code stream}: {@code sendDirect} of 4 KiB messages to a listener, until the last is acknowledged as processed.
 * Busy polling takes a CPU per application besides the calling thread, so it is slower where there are only two.
 * <p>
 * Usage: {@code TemplateBenchmark DEVICE ADDRESS WARMUP ROUNDS MESSAGES [POLL_MODE [POLL_SPIN]]}.
 */
public final class TemplateBenchmark
{
    private static final int LATENCY_SIZE = 64;
    private static final int STREAM_SIZE = 4096;

    private TemplateBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String device = args[0];
        final String address = args[1];
        final int warmup = Integer.parseInt(args[2]);
        final int rounds = Integer.parseInt(args[3]);
        final int messages = Integer.parseInt(args[4]);
        final String pollMode = "rdma.poll-mode=" + (args.length > 5 ? args[5] : "event");
        final String pollSpin = args.length > 6 && !args[6].isEmpty() ? "rdma.poll-spin=" + args[6] : "";
        System.out.println("INFO impl=template " + pollMode + " " + (pollSpin.isEmpty() ? "" : pollSpin));
        try (ConfigurableApplicationContext consumer = application(Consumer.class, pollMode, pollSpin,
                "rdma.device=" + device, "rdma.listener.address=" + address, "rdma.listener.port=0");
            ConfigurableApplicationContext producer = application(Producer.class, pollMode, pollSpin,
                "rdma.device=" + device,
                "rdma.routes.echo=rdma://" + address + ":" + port(consumer),
                "rdma.routes.sink=rdma://" + address + ":" + port(consumer)))
        {
            final RdmaTemplate template = producer.getBean(RdmaTemplate.class);
            requestReply(template, warmup, rounds);
            stream(template, consumer.getBean(Consumer.class).received, messages);
        }
        System.exit(0);
    }

    private static void requestReply(final RdmaTemplate template, final int warmup, final int rounds)
    {
        final Message<byte[]> request = MessageBuilder.withPayload(new byte[LATENCY_SIZE]).build();
        for (int i = 0; i < warmup; i++)
        {
            template.sendAndReceive("echo", request);
        }
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
        Arrays.sort(oneWayNanos);
        System.out.printf("RESULT impl=template op=request_reply size=%d p50_us=%.2f p99_us=%.2f%n", LATENCY_SIZE,
            oneWayNanos[rounds / 2] / 1000.0, oneWayNanos[(int)(rounds * 0.99)] / 1000.0);
    }

    private static void stream(final RdmaTemplate template, final AtomicLong received, final int messages)
        throws Exception
    {
        send(template, messages / 2);
        final long before = received.get();
        final long start = System.nanoTime();
        send(template, messages);
        final double seconds = (System.nanoTime() - start) / 1e9;
        if (received.get() - before != messages)
        {
            throw new IllegalStateException("The listener got " + (received.get() - before) + " of " + messages);
        }
        System.out.printf("RESULT impl=template op=stream size=%d MBps=%.2f%n", STREAM_SIZE,
            (double)messages * STREAM_SIZE / seconds / 1e6);
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

    private static int port(final ConfigurableApplicationContext consumer)
    {
        return consumer.getBean(RdmaServer.class).localAddress().getPort();
    }

    private static ConfigurableApplicationContext application(final Class<?> source, final String... properties)
    {
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE).logStartupInfo(false)
            .properties("spring.main.banner-mode=off", "logging.level.root=warn")
            .properties(Arrays.stream(properties).filter(property -> !property.isEmpty()).toArray(String[]::new))
            .run();
    }

    /** Echoes requests and counts streamed messages. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Consumer
    {
        final AtomicLong received = new AtomicLong();

        @Bean
        Listeners benchmarkListeners()
        {
            return new Listeners(received);
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
    }
}

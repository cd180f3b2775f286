package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.support.MessageBuilder;

import io.rdmaspring.boot.annotation.RdmaListenerEndpointRegistry;
import io.rdmaspring.boot.core.RdmaPayloadWriter;
import io.rdmaspring.boot.core.RdmaReplyTimeoutException;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.boot.core.RemoteRdmaException;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * Two Spring Boot applications in this JVM exchange messages over the RDMA device through {@link RdmaTemplate} and
 * {@code @RdmaListener}: the consumer listens on a free port, the producer routes logical names to it.
 */
@RdmaTest
class RdmaMessagingTest
{
    private static ConfigurableApplicationContext consumer;
    private static ConfigurableApplicationContext producer;
    private static ConsumerApplication.Listeners listeners;
    private static RdmaTemplate template;
    private static String peer;

    @BeforeAll
    static void startApplications()
    {
        consumer = application(ConsumerApplication.class, "rdma.listener.address=" + RdmaTestEnvironment.address(),
            "rdma.listener.port=0");
        listeners = consumer.getBean(ConsumerApplication.Listeners.class);
        peer = "rdma://" + RdmaTestEnvironment.address() + ":" + consumer.getBean(RdmaServer.class).localAddress()
            .getPort();
        producer = application(ProducerApplication.class, "rdma.routes.orders=" + peer,
            "rdma.routes.events=" + peer, "rdma.routes.failing=" + peer, "rdma.routes.parallel=" + peer,
            "rdma.routes.bulk=" + peer, "rdma.routes.slow=" + peer, "rdma.reply-timeout=60s");
        template = producer.getBean(RdmaTemplate.class);
    }

    static ConfigurableApplicationContext application(final Class<?> source, final String... properties)
    {
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
            .properties("rdma.device=" + RdmaTestEnvironment.deviceName(), "spring.main.banner-mode=off")
            .properties(properties).run();
    }

    @AfterAll
    static void stopApplications()
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
    void shouldCompleteAsyncSendsWhenTheListenerProcessedThem() throws Exception
    {
        final int before = listeners.events.size();
        final List<CompletableFuture<Void>> processed = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            processed.add(template.convertAndSendAsync("events", "event-" + i));
        }
        CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(listeners.events.subList(before, listeners.events.size()))
            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "event-" + i).toList());
    }

    @Test
    void shouldReplyToJsonRequests()
    {
        final Confirmation confirmation = template.convertSendAndReceive("orders", new Order(7, "widget", 3),
            Confirmation.class);

        assertThat(confirmation).isNotNull();
        assertThat(confirmation.orderId()).isEqualTo(7);
        assertThat(confirmation.status()).isEqualTo("accepted 3 x widget");
        assertThat(confirmation.handledBy()).startsWith(RdmaTestEnvironment.address() + ":");
    }

    @Test
    void shouldFailTheRequestWithTheRemoteExceptionWhenTheListenerThrows()
    {
        assertThatThrownBy(() -> template.convertSendAndReceive("failing", "42", String.class))
            .isInstanceOfSatisfying(RemoteRdmaException.class, ex ->
            {
                assertThat(ex.getRemoteType()).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(ex.getRemoteMessage()).isEqualTo("order 42 is invalid");
            });
    }

    @Test
    void shouldRejectAnInvalidPayloadWithTheValidationMessage()
    {
        assertThatThrownBy(() -> template.convertSendAndReceive("orders", new Order(8, "", 0), Confirmation.class))
            .isInstanceOfSatisfying(RemoteRdmaException.class, ex -> assertThat(ex.getRemoteMessage())
                .contains("item").contains("quantity"));
    }

    @Test
    void shouldFailTheSendersFutureForAnUnknownDestination()
    {
        final CompletableFuture<Void> processed = template.convertAndSendAsync(peer + "/nobody-listens", "hello");

        assertThatThrownBy(() -> processed.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOfSatisfying(RemoteRdmaException.class, ex ->
            {
                assertThat(ex.getRemoteType()).endsWith("UnknownDestinationException");
                assertThat(ex.getRemoteMessage()).contains("No listener for destination 'nobody-listens'")
                    .contains("orders");
            });
    }

    @Test
    void shouldTellSendersWhileAListenerIsStoppedAndDeliverAfterItRestarts() throws Exception
    {
        final RdmaListenerEndpointRegistry registry = consumer.getBean(RdmaListenerEndpointRegistry.class);
        registry.getListenerContainer("events").stop();
        try
        {
            final CompletableFuture<Void> whileStopped = template.convertAndSendAsync("events", "while-stopped");
            assertThatThrownBy(() -> whileStopped.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(RemoteRdmaException.class).hasMessageContaining("'events'").hasMessageContaining("stopped");
        }
        finally
        {
            registry.getListenerContainer("events").start();
        }
        template.convertAndSendAsync("events", "after-restart").get(30, TimeUnit.SECONDS);

        assertThat(listeners.events).contains("after-restart").doesNotContain("while-stopped");
    }

    @Test
    void shouldRunAListenerOnSeveralThreadsWithConcurrency() throws Exception
    {
        final List<CompletableFuture<Void>> processed = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            processed.add(template.sendAsync("parallel", MessageBuilder.withPayload(new byte[] {(byte)i}).build()));
        }
        CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(listeners.parallelCount.get()).isEqualTo(100);
        assertThat(listeners.parallelThreads).hasSizeGreaterThan(1);
        assertThat(listeners.parallelMax.get()).isGreaterThan(1);
    }

    @Test
    void shouldDeliverTenThousandZeroCopyMessagesInOrderWithTheirContent() throws Exception
    {
        final int count = 10_000;
        CompletableFuture<Void> last = null;
        for (int n = 0; n < count; n++)
        {
            final long sequence = n;
            final int length = Long.BYTES + (int)(sequence * 7 % 1000);
            final RdmaPayloadWriterOf writer = new RdmaPayloadWriterOf(sequence, length);
            if (n == count - 1)
            {
                last = template.sendDirectAsync("bulk", Map.of(), writer);
            }
            else
            {
                template.sendDirect("bulk", Map.of(), writer);
            }
        }
        last.get(120, TimeUnit.SECONDS);

        assertThat(listeners.bulkCount.get()).isEqualTo(count);
        assertThat(listeners.bulkBad.get()).isZero();
    }

    @Test
    void shouldTimeOutARequestWithTheCallsOwnTimeout()
    {
        final long start = System.nanoTime();
        assertThatThrownBy(() -> template.convertSendAndReceive("slow", "late", String.class,
            Duration.ofMillis(50)))
            .isInstanceOf(RdmaReplyTimeoutException.class).hasMessageContaining("No reply from");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

        // the late reply to "late" is ignored: the next request gets its own
        assertThat(template.convertSendAndReceive("slow", "next", String.class)).isEqualTo("next");
    }

    @Test
    void shouldTimeOutAnAsyncRequestWithTheCallsOwnTimeout() throws Exception
    {
        final CompletableFuture<String> late =
            template.convertSendAndReceiveAsync("slow", "late", null, String.class, null, Duration.ofMillis(50));

        assertThatThrownBy(() -> late.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(RdmaReplyTimeoutException.class).hasMessageContaining("No reply from");
        assertThat(template.convertSendAndReceiveAsync("slow", "next", String.class).get(15, TimeUnit.SECONDS))
            .isEqualTo("next");
    }

    /** Writes the bulk test's pattern for one sequence number. */
    private record RdmaPayloadWriterOf(long sequence, int length) implements RdmaPayloadWriter
    {
        @Override
        public int write(final ByteBuffer buffer, final int offset, final int capacity)
        {
            buffer.duplicate().order(ByteOrder.BIG_ENDIAN).putLong(offset, sequence);
            for (int i = Long.BYTES; i < length; i++)
            {
                buffer.put(offset + i, (byte)(sequence + i));
            }
            return length;
        }
    }
}

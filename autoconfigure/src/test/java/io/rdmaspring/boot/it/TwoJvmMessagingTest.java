package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.rdmaspring.boot.core.RdmaDeliveryException;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.verbs.test.ChildJvm;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/** The consumer application in its own JVM, the producer in this one: JSON request-reply and processed-acks. */
@RdmaTest
class TwoJvmMessagingTest
{
    /** A bound, not a measurement: a JVM in the emulated guest takes minutes to start while another guest runs. */
    private static final Duration STARTUP = Duration.ofMinutes(10);

    @Test
    void shouldExchangeRequestsAndEventsWithAnApplicationInAnotherJvm() throws Exception
    {
        try (ChildJvm consumer = ChildJvm.of(ConsumerApplication.class).arguments(
            "--rdma.device=" + RdmaTestEnvironment.deviceName(), "--spring.main.banner-mode=off",
            "--rdma.listener.address=" + RdmaTestEnvironment.address(), "--rdma.listener.port=0").start())
        {
            final String port = consumer.awaitLine("READY ", STARTUP);
            final String peer = "rdma://" + RdmaTestEnvironment.address() + ":" + port.trim();
            try (ConfigurableApplicationContext producer = RdmaMessagingTest.application(ProducerApplication.class,
                "rdma.routes.orders=" + peer, "rdma.routes.events=" + peer, "rdma.reply-timeout=30s"))
            {
                final RdmaTemplate template = producer.getBean(RdmaTemplate.class);
                for (int i = 1; i <= 300; i++)
                {
                    final Confirmation confirmation = template.convertSendAndReceive("orders",
                        new Order(i, "item-" + i, i), Confirmation.class);
                    assertThat(confirmation.orderId()).isEqualTo(i);
                    assertThat(confirmation.status()).isEqualTo("accepted " + i + " x item-" + i);
                }
                final List<CompletableFuture<Void>> processed = new ArrayList<>();
                for (int i = 0; i < 300; i++)
                {
                    processed.add(template.convertAndSendAsync("events", "event-" + i));
                }
                CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                consumer.kill();
                assertThatThrownBy(() ->
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        template.convertAndSendAsync("events", "after-kill").get(30, TimeUnit.SECONDS);
                    }
                }).hasCauseInstanceOf(RdmaDeliveryException.class);
            }
        }
    }
}

package io.rdmaspring.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.rdmaspring.sample.producer.Summary;
import io.rdmaspring.verbs.test.ChildJvm;
import io.rdmaspring.verbs.test.ChildJvmBuilder;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as scripts/demo and docker/compose.yaml run it: consumer and producer in two JVMs, configured only
 * through the environment, on the test device.
 */
@RdmaTest
class ProducerConsumerTest
{
    private static final int ORDERS = 200;
    private static final int PORT = 7399;
    /**
     * A bound, not a measurement: a JVM in the emulated guest takes minutes to start Spring Boot while another guest
     * shares the machine.
     */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void shouldDeliverAndAcknowledgeEveryOrderAndEventAndKeepTheConsumerListening() throws Exception
    {
        try (ChildJvm consumer = app("consumer")
            .environment("RDMA_LISTENER_ADDRESS", RdmaTestEnvironment.address())
            .environment("RDMA_LISTENER_PORT", Integer.toString(PORT))
            .environment("SAMPLE_CONSUMER_PROGRESS_EVERY", Integer.toString(ORDERS))
            .start())
        {
            consumer.awaitLine("Started SampleApplication", TIMEOUT);
            try (ChildJvm producer = app("producer")
                .environment("RDMA_ROUTES_ORDERS", "rdma://" + RdmaTestEnvironment.address() + ":" + PORT)
                .environment("SAMPLE_PRODUCER_ORDERS", Integer.toString(ORDERS))
                .start())
            {
                final int status = producer.awaitExit(TIMEOUT);
                final Summary summary = Summary.parse(Summary.PREFIX + producer.awaitLine(Summary.PREFIX, Duration.ZERO));

                assertThat(status).as("producer's exit status; its output:%n%s", producer.output()).isZero();
                assertThat(summary.device()).isEqualTo(RdmaTestEnvironment.deviceName());
                assertThat(summary.sent()).isEqualTo(2 * ORDERS);
                assertThat(summary.acknowledged()).isEqualTo(2 * ORDERS);
                assertThat(summary.received()).isEqualTo(2 * ORDERS);
                assertThat(summary.failed()).isZero();
                assertThat(summary.p50Micros()).isPositive().isLessThanOrEqualTo(summary.p99Micros());
                assertThat(summary.messagesPerSecond()).isPositive();
                assertThat(producer.output()).contains("producer: " + ORDERS + "/" + ORDERS + " orders confirmed",
                    "producer: " + ORDERS + "/" + ORDERS + " events processed");
            }
            assertThat(consumer.awaitLine("consumer: " + ORDERS + " events so far", Duration.ZERO))
                .contains(ORDERS + " orders, " + ORDERS + " events");
            assertThat(consumer.isAlive()).as("the consumer keeps listening after the producer is done").isTrue();
        }
    }

    @Test
    void shouldExitNonZeroNamingTheDeviceWhenItDoesNotExist() throws Exception
    {
        try (ChildJvm producer = app("producer").environment("RDMA_DEVICE", "nosuch")
            .environment("RDMA_ROUTES_ORDERS", "rdma://" + RdmaTestEnvironment.address() + ":" + PORT)
            .start())
        {
            assertThat(producer.awaitExit(TIMEOUT)).isNotZero();
            assertThat(producer.output()).contains("APPLICATION FAILED TO START", "nosuch")
                .doesNotContain(Summary.PREFIX);
        }
    }

    /** The application in a role, on the test device, logging messages alone so lines can be matched by prefix. */
    private static ChildJvmBuilder app(final String profile)
    {
        return ChildJvm.of(SampleApplication.class)
            .environment("SPRING_PROFILES_ACTIVE", profile)
            .environment("RDMA_DEVICE", RdmaTestEnvironment.deviceName())
            .environment("LOGGING_PATTERN_CONSOLE", "%m%n");
    }
}

package io.rdmaspring.sample.docker;

import java.time.Duration;

import io.rdmaspring.sample.producer.Summary;
import io.rdmaspring.verbs.test.RdmaTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as docker/compose.yaml runs it, in two containers of its image on the Docker host's RDMA device: the
 * consumer serves until stopped; the producer sends its orders and as many events, prints its SUMMARY line and exits
 * 0 only when every message was delivered and acknowledged. The device's packet counter shows the messages went over
 * it, and the consumer's own log shows it counted them.
 */
@RdmaTest
@Tag("docker")
class SampleAppContainersTest
{
    /** Orders the producer sends; an event follows each, so the consumer gets twice as many messages. */
    private static final int ORDERS = 100;
    private static final int MESSAGES = 2 * ORDERS;

    /**
     * How long the producer gets from its start to its exit: in the emulated guest its JVM takes about 3 min to start
     * Spring Boot, and a request-reply order about half a second.
     */
    private static final Duration PRODUCER_TIMEOUT = Duration.ofMinutes(15);

    @BeforeAll
    static void requireDockerWithRdma()
    {
        RdmaContainers.assumeAvailable();
    }

    @Test
    void shouldDeliverEveryMessageFromTheProducerContainerToTheConsumerContainer()
    {
        final long packetsBefore = RdmaContainers.sentPackets();
        // The consumer logs its counts every ORDERS orders and every ORDERS events, so its last line names both.
        try (GenericContainer<?> consumer = RdmaContainers.app("consumer")
                .withEnv("SAMPLE_CONSUMER_PROGRESS_EVERY", Integer.toString(ORDERS));
             GenericContainer<?> producer = RdmaContainers.app("producer")
                 .withEnv("SAMPLE_PRODUCER_ORDERS", Integer.toString(ORDERS))
                 .withStartupCheckStrategy(
                     new OneShotStartupCheckStrategy().withTimeout(PRODUCER_TIMEOUT)))
        {
            consumer.start();
            // Returns once the producer has exited 0; an exit status other than 0 fails it, its output logged.
            producer.start();

            final String output = producer.getLogs();
            final String line = output.lines().filter(text -> text.contains(Summary.PREFIX)).reduce((first, last) ->
                last).orElse(null);
            assertThat(line).as("the producer's %s line, in its output:%n%s", Summary.PREFIX.trim(), output)
                .isNotNull();
            final Summary summary = Summary.parse(line);
            assertThat(summary.device()).as(line).isEqualTo(RdmaContainers.device());
            assertThat(summary.sent()).as(line).isEqualTo(MESSAGES);
            assertThat(summary.acknowledged()).as(line).isEqualTo(MESSAGES);
            assertThat(summary.received()).as(line).isEqualTo(MESSAGES);
            assertThat(summary.failed()).as(line).isZero();
            assertThat(consumer.getLogs()).as("the consumer's output")
                .contains("(" + ORDERS + " orders, " + ORDERS + " events)");
        }
        RdmaContainers.assertSentPackets(packetsBefore, MESSAGES);
    }
}

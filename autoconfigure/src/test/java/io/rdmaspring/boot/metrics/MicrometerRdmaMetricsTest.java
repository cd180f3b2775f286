package io.rdmaspring.boot.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerRdmaMetricsTest
{
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong pinned = new AtomicLong();
    private final MicrometerRdmaMetrics metrics = new MicrometerRdmaMetrics(registry, connections::get, pinned::get);

    @Test
    void shouldCountMessagesAndBytesPerDestination()
    {
        metrics.sent("orders", 100);
        metrics.sent("orders", 28);
        metrics.sent("prices", 7);
        metrics.received("orders", 64);

        assertThat(count("rdma.messages.sent", "orders")).isEqualTo(2);
        assertThat(count("rdma.bytes.sent", "orders")).isEqualTo(128);
        assertThat(count("rdma.messages.sent", "prices")).isEqualTo(1);
        assertThat(count("rdma.bytes.sent", "prices")).isEqualTo(7);
        assertThat(count("rdma.messages.received", "orders")).isEqualTo(1);
        assertThat(count("rdma.bytes.received", "orders")).isEqualTo(64);
    }

    @Test
    void shouldCountErrorsByDestinationAndKind()
    {
        metrics.error("orders", "send");
        metrics.error("orders", "send");
        metrics.error("orders", "reply-timeout");

        assertThat(registry.get("rdma.errors").tags("destination", "orders", "kind", "send").counter().count())
            .isEqualTo(2);
        assertThat(registry.get("rdma.errors").tags("destination", "orders", "kind", "reply-timeout").counter()
            .count()).isEqualTo(1);
    }

    @Test
    void shouldTimeRequestReplyRoundTrips()
    {
        metrics.replyLatency("orders", 2_000_000);
        metrics.replyLatency("orders", 4_000_000);

        final Timer timer = registry.get("rdma.request.reply").tag("destination", "orders").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
    }

    @Test
    void shouldGaugeConnectionsAndPinnedMemoryAsTheyAreNow()
    {
        connections.set(3);
        pinned.set(1 << 20);

        assertThat(registry.get("rdma.connections").gauge().value()).isEqualTo(3);
        assertThat(registry.get("rdma.memory.pinned").gauge().value()).isEqualTo(1 << 20);
        assertThat(registry.get("rdma.memory.pinned").gauge().getId().getBaseUnit()).isEqualTo("bytes");

        connections.set(1);
        assertThat(registry.get("rdma.connections").gauge().value()).isEqualTo(1);
    }

    @Test
    void shouldRegisterADestinationsMetersOnce()
    {
        metrics.sent("orders", 1);
        final int meters = registry.getMeters().size();

        metrics.sent("orders", 1);
        metrics.received("orders", 1);
        metrics.replyLatency("orders", 1);

        assertThat(registry.getMeters()).hasSize(meters);
    }

    @Test
    void shouldShareOneTagAmongDestinationsPastTheLimit()
    {
        for (int i = 0; i < MicrometerRdmaMetrics.MAX_DESTINATIONS + 50; i++)
        {
            metrics.sent("destination-" + i, 1);
        }

        assertThat(registry.find("rdma.messages.sent").counters()).hasSize(MicrometerRdmaMetrics.MAX_DESTINATIONS + 1);
        assertThat(count("rdma.messages.sent", MicrometerRdmaMetrics.OTHER_DESTINATION)).isEqualTo(50);
        assertThat(count("rdma.messages.sent", "destination-0")).isEqualTo(1);
    }

    @Test
    void shouldNotAllocatePerCallOnceADestinationIsKnown()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int calls = 20_000;
        record(calls);
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            record(calls);
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertThat(fewest).as("heap bytes of %d rounds of calls", calls).isLessThan(calls);
    }

    private void record(final int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            metrics.sent("orders", 64);
            metrics.received("orders", 64);
            metrics.error("orders", "remote");
            metrics.replyLatency("orders", 10_000);
        }
    }

    private double count(final String name, final String destination)
    {
        return registry.get(name).tag("destination", destination).counter().count();
    }
}

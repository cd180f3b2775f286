package io.rdmaspring.boot.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

import io.rdmaspring.boot.core.RdmaConnectionStatistics;
import io.rdmaspring.boot.core.RdmaMetrics;

/**
 * {@link RdmaMetrics} as Micrometer meters, tagged {@code destination}:
 * <ul>
 * <li>counters {@code rdma.messages.sent}, {@code rdma.messages.received}, {@code rdma.bytes.sent},
 * {@code rdma.bytes.received}, and {@code rdma.errors} (also tagged {@code kind});</li>
 * <li>timer {@code rdma.request.reply}, the round trip of a request (percentiles and histograms through Boot's
 * {@code management.metrics.distribution.*} properties);</li>
 * <li>gauges, untagged: {@code rdma.connections} (open now) and {@code rdma.memory.pinned} (bytes).</li>
 * </ul>
 * A destination's meters are registered the first time it is seen and looked up in a map afterwards, so a call
 * allocates nothing once its destination (and error kind) is known. Destinations beyond {@value #MAX_DESTINATIONS}
 * share the tag {@value #OTHER_DESTINATION}, so names a peer makes up cannot grow the registry without bound.
 */
public final class MicrometerRdmaMetrics implements RdmaMetrics
{
    /** Most destinations with meters of their own. */
    public static final int MAX_DESTINATIONS = 1000;
    /** The destination tag of those past {@link #MAX_DESTINATIONS}. */
    public static final String OTHER_DESTINATION = "_other";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, DestinationMeters> destinations = new ConcurrentHashMap<>();
    private final Function<String, DestinationMeters> newDestination = DestinationMeters::new;

    /**
     * Registers the gauges now.
     *
     * @param connections the connections open now, e.g. {@link RdmaConnectionStatistics#sum} of the beans
     * @param pinnedBytes the bytes pinned by registered memory, e.g. {@code MemoryLimits::pinnedBytes}
     */
    public MicrometerRdmaMetrics(final MeterRegistry registry, final RdmaConnectionStatistics connections,
        final LongSupplier pinnedBytes)
    {
        this.registry = registry;
        Gauge.builder("rdma.connections", connections, RdmaConnectionStatistics::openConnections)
            .description("RDMA connections open now")
            .strongReference(true)
            .register(registry);
        Gauge.builder("rdma.memory.pinned", pinnedBytes, LongSupplier::getAsLong)
            .description("Memory registered with the RDMA device, pinned and counted against RLIMIT_MEMLOCK")
            .baseUnit(BaseUnits.BYTES)
            .strongReference(true)
            .register(registry);
    }

    @Override
    public void sent(final String destination, final int bytes)
    {
        final DestinationMeters meters = meters(destination);
        meters.messagesSent.increment();
        meters.bytesSent.increment(bytes);
    }

    @Override
    public void received(final String destination, final int bytes)
    {
        final DestinationMeters meters = meters(destination);
        meters.messagesReceived.increment();
        meters.bytesReceived.increment(bytes);
    }

    @Override
    public void error(final String destination, final String kind)
    {
        meters(destination).error(kind).increment();
    }

    @Override
    public void replyLatency(final String destination, final long nanos)
    {
        meters(destination).replyLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private DestinationMeters meters(final String destination)
    {
        final DestinationMeters meters = destinations.get(destination);
        if (meters != null)
        {
            return meters;
        }
        return destinations.computeIfAbsent(destinations.size() < MAX_DESTINATIONS ? destination : OTHER_DESTINATION,
            newDestination);
    }

    /** The meters of one destination; error counters by kind are added as kinds occur. */
    private final class DestinationMeters
    {
        private final String destination;
        private final Counter messagesSent;
        private final Counter messagesReceived;
        private final Counter bytesSent;
        private final Counter bytesReceived;
        private final Timer replyLatency;
        private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
        private final Function<String, Counter> newError = this::newError;

        DestinationMeters(final String destination)
        {
            this.destination = destination;
            messagesSent = counter("rdma.messages.sent", "Messages posted to the destination");
            messagesReceived = counter("rdma.messages.received", "Messages that arrived for the destination");
            bytesSent = counter("rdma.bytes.sent", "Frame bytes posted to the destination");
            bytesReceived = counter("rdma.bytes.received", "Frame bytes that arrived for the destination");
            replyLatency = Timer.builder("rdma.request.reply")
                .description("Round trip of a request to the destination until its reply arrived")
                .tag("destination", destination)
                .register(registry);
        }

        Counter error(final String kind)
        {
            final Counter counter = errors.get(kind);
            return counter != null ? counter : errors.computeIfAbsent(kind, newError);
        }

        private Counter newError(final String kind)
        {
            return Counter.builder("rdma.errors")
                .description("Failures by kind: send, listener, reply-timeout, remote, decode, unknown-destination")
                .tag("destination", destination)
                .tag("kind", kind)
                .register(registry);
        }

        private Counter counter(final String name, final String description)
        {
            return Counter.builder(name).description(description).tag("destination", destination).register(registry);
        }
    }
}

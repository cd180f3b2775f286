package io.rdmaspring.sample.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.MessagingException;
import org.springframework.stereotype.Component;

import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.sample.Confirmation;
import io.rdmaspring.sample.ConsumerCounts;
import io.rdmaspring.sample.Destinations;
import io.rdmaspring.sample.Order;
import io.rdmaspring.sample.OrderEvent;

/**
 * The producer's run: waits for the consumer, sends orders one at a time (request-reply, each round trip measured),
 * then events (one-way, each future completing once the consumer's listener has processed it, at most
 * {@code window} outstanding), asks the consumer what it counted, prints the {@link Summary} line and sets the exit
 * status: 0 only when every message was delivered and acknowledged, else 1 with a {@code FAILED:} line saying why.
 */
@Component
@Profile("producer")
public class OrderProducer implements ApplicationRunner, ExitCodeGenerator
{
    /** A phase stops after this many failures in a row: the consumer is gone, and each try could wait seconds. */
    static final int FAILURES_IN_A_ROW = 10;

    private static final Logger LOGGER = LoggerFactory.getLogger(OrderProducer.class);
    private static final String[] ITEMS = {"widget", "gadget", "sprocket"};
    private static final String[] EVENT_TYPES = {"paid", "packed", "shipped"};
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(10);

    private final RdmaTemplate template;
    private final ProducerProperties properties;
    private final String device;
    private final String consumer;
    private final Tally tally = new Tally();
    private volatile int exitCode = 1;

    public OrderProducer(final RdmaTemplate template, final ProducerProperties properties, final RdmaResources rdma,
        @Value("${rdma.routes.orders}") final String consumer)
    {
        this.template = template;
        this.properties = properties;
        this.device = rdma.deviceName();
        this.consumer = consumer;
    }

    @Override
    public void run(final ApplicationArguments args) throws InterruptedException
    {
        final int count = properties.orders();
        LOGGER.info("producer: {} orders (request-reply) and {} events (one-way) to {} on device {}", count, count,
            consumer, device);
        final ConsumerCounts before;
        try
        {
            before = awaitConsumer();
        }
        catch (final IllegalStateException ex)
        {
            fail(ex.getMessage());
            return;
        }
        final LatencyRecorder latencies = new LatencyRecorder(count);
        final long start = System.nanoTime();
        if (sendOrders(count, latencies))
        {
            sendEvents(count);
        }
        final double seconds = Math.max(1, System.nanoTime() - start) / 1e9;
        long received = -1;
        String countsProblem = null;
        try
        {
            received = counts().total() - before.total();
        }
        catch (final MessagingException | IllegalStateException ex)
        {
            countsProblem = "the consumer did not report its counts: " + Tally.describe(ex);
        }
        final long sent = tally.sentCount();
        final long acknowledged = tally.acknowledgedCount();
        final Summary summary = new Summary(device, sent, acknowledged, received, sent - acknowledged,
            latencies.percentileMicros(50), latencies.percentileMicros(99), acknowledged / seconds);
        System.out.println(summary.line());
        final String problem = countsProblem != null ? countsProblem : summary.problem(2L * count);
        if (problem == null)
        {
            LOGGER.info("producer: all {} messages delivered and acknowledged", 2L * count);
            exitCode = 0;
        }
        else
        {
            final String first = tally.firstFailure();
            fail(problem + (first == null ? "" : " (first failure: " + first + ")"));
        }
    }

    @Override
    public int getExitCode()
    {
        return exitCode;
    }

    /** The consumer's counts before the run, once it answers: it may still be starting. */
    private ConsumerCounts awaitConsumer() throws InterruptedException
    {
        final long deadline = System.nanoTime() + properties.consumerWait().toNanos();
        boolean told = false;
        while (true)
        {
            try
            {
                return counts();
            }
            catch (final MessagingException | IllegalStateException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("no consumer answered at " + consumer + " within "
                        + properties.consumerWait().toSeconds() + " s: " + Tally.describe(ex), ex);
                }
                if (!told)
                {
                    LOGGER.info("producer: waiting for the consumer at {} ({})", consumer, Tally.describe(ex));
                    told = true;
                }
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    private ConsumerCounts counts()
    {
        final ConsumerCounts counts = template.convertSendAndReceive(Destinations.STATS, "counts",
            ConsumerCounts.class, STATS_TIMEOUT);
        if (counts == null)
        {
            throw new IllegalStateException("the consumer sent an empty reply to a request for its counts");
        }
        return counts;
    }

    /** Sends the orders one by one; false when it gave up because they kept failing. */
    private boolean sendOrders(final int count, final LatencyRecorder latencies)
    {
        final Progress progress = new Progress("orders confirmed", count);
        int failuresInARow = 0;
        for (int i = 1; i <= count && failuresInARow < FAILURES_IN_A_ROW; i++)
        {
            final Order order = new Order(i, "customer-" + (i % 97), ITEMS[i % ITEMS.length], 1 + i % 5);
            tally.sent();
            try
            {
                final long sentAt = System.nanoTime();
                final Confirmation confirmation =
                    template.convertSendAndReceive(Destinations.ORDERS, order, Confirmation.class);
                latencies.record(System.nanoTime() - sentAt);
                if (confirmation == null || confirmation.orderId() != i
                    || !Confirmation.ACCEPTED.equals(confirmation.status()))
                {
                    throw new IllegalStateException("unexpected confirmation " + confirmation);
                }
                progress.done(tally.acknowledged());
                failuresInARow = 0;
            }
            catch (final MessagingException | IllegalStateException ex)
            {
                tally.failed("order " + i, ex);
                failuresInARow++;
            }
        }
        return failuresInARow < FAILURES_IN_A_ROW;
    }

    /** Sends the events with at most {@code window} unconfirmed, then waits for the rest to be confirmed. */
    private void sendEvents(final int count) throws InterruptedException
    {
        final Progress progress = new Progress("events processed", count);
        final long ordersAcknowledged = tally.acknowledgedCount();
        final Semaphore window = new Semaphore(properties.window());
        final List<CompletableFuture<Void>> processed = new ArrayList<>(count);
        int failuresInARow = 0;
        for (int i = 1; i <= count && failuresInARow < FAILURES_IN_A_ROW; i++)
        {
            final OrderEvent event = new OrderEvent(i, EVENT_TYPES[i % EVENT_TYPES.length]);
            final String what = "event " + i;
            window.acquire();
            tally.sent();
            try
            {
                processed.add(template.convertAndSendAsync(Destinations.EVENTS, event).whenComplete((ok, failure) ->
                {
                    window.release();
                    if (failure == null)
                    {
                        progress.done(tally.acknowledged() - ordersAcknowledged);
                    }
                    else
                    {
                        tally.failed(what, failure);
                    }
                }));
                failuresInARow = 0;
            }
            catch (final MessagingException ex)
            {
                window.release();
                tally.failed(what, ex);
                failuresInARow++;
            }
        }
        awaitAll(processed);
    }

    private void awaitAll(final List<CompletableFuture<Void>> processed) throws InterruptedException
    {
        try
        {
            CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new))
                .get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            LOGGER.debug("producer: an event failed; counted as it completed", ex);
        }
        catch (final TimeoutException ex)
        {
            tally.failed("events", new TimeoutException("not all confirmed within " + properties.timeout().toSeconds()
                + " s (sample.producer.timeout)"));
        }
    }

    private void fail(final String reason)
    {
        exitCode = 1;
        System.err.println("FAILED: " + reason);
    }

    /** Logs every tenth of a phase. */
    private static final class Progress
    {
        private final String what;
        private final long total;
        private final long step;

        Progress(final String what, final long total)
        {
            this.what = what;
            this.total = total;
            this.step = Math.max(1, total / 10);
        }

        void done(final long count)
        {
            if (count % step == 0 || count == total)
            {
                LOGGER.info("producer: {}/{} {}", count, total, what);
            }
        }
    }
}

package io.rdmaspring.sample.consumer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import io.rdmaspring.boot.annotation.RdmaListener;
import io.rdmaspring.boot.core.RdmaHeaders;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.sample.Confirmation;
import io.rdmaspring.sample.ConsumerCounts;
import io.rdmaspring.sample.Destinations;
import io.rdmaspring.sample.Order;
import io.rdmaspring.sample.OrderEvent;

/**
 * The consumer's listeners: orders are priced and confirmed (request-reply), events counted (one-way), and the
 * producer can ask for the counts. All three run on the listener side's polling thread (concurrency 1), one message
 * at a time, so plain counters would do; atomics keep the counts readable from other threads.
 */
@Component
@Profile("consumer")
public class OrderListener
{
    /** Unit prices in cents; an order for anything else fails and its sender gets the error. */
    static final Map<String, Long> PRICES = Map.of("widget", 250L, "gadget", 1_199L, "sprocket", 75L);

    private static final Logger LOGGER = LoggerFactory.getLogger(OrderListener.class);

    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final long progressEvery;

    public OrderListener(@Value("${sample.consumer.progress-every:500}") final long progressEvery)
    {
        this.progressEvery = Math.max(1, progressEvery);
    }

    @EventListener
    public void onReady(final ApplicationReadyEvent ready)
    {
        final var environment = ready.getApplicationContext().getEnvironment();
        LOGGER.info("consumer: serving {}, {} and {} on {}:{} (device {}) until stopped", Destinations.ORDERS,
            Destinations.EVENTS, Destinations.STATS, environment.getProperty("rdma.listener.address", "0.0.0.0"),
            environment.getProperty("rdma.listener.port", "7362"),
            ready.getApplicationContext().getBean(RdmaResources.class).deviceName());
    }

    @RdmaListener(id = "orders", destination = Destinations.ORDERS)
    public Confirmation onOrder(@Payload @Valid final Order order, @Header(RdmaHeaders.PEER) final String peer)
    {
        final Long price = PRICES.get(order.item());
        if (price == null)
        {
            throw new IllegalArgumentException("order " + order.id() + ": unknown item '" + order.item()
                + "', the catalog has " + PRICES.keySet());
        }
        progress(orders.incrementAndGet(), "orders");
        return new Confirmation(order.id(), Confirmation.ACCEPTED, price * order.quantity(), peer);
    }

    @RdmaListener(id = "order-events", destination = Destinations.EVENTS)
    public void onEvent(@Payload @Valid final OrderEvent event)
    {
        progress(events.incrementAndGet(), "events");
    }

    @RdmaListener(id = "order-stats", destination = Destinations.STATS)
    public ConsumerCounts onStatsRequest(@Payload final String request)
    {
        return counts();
    }

    public ConsumerCounts counts()
    {
        return new ConsumerCounts(orders.get(), events.get());
    }

    private void progress(final long count, final String what)
    {
        if (count % progressEvery == 0)
        {
            final ConsumerCounts counts = counts();
            LOGGER.info("consumer: {} {} so far ({} orders, {} events)", count, what, counts.orders(),
                counts.events());
        }
    }
}

package io.rdmaspring.sample;

/**
 * The consumer's destinations. The producer routes all three to the consumer named by {@code rdma.routes.orders}
 * (application-producer.properties), so one address configures it.
 */
public final class Destinations
{
    /** {@link Order} requests, answered with a {@link Confirmation}. */
    public static final String ORDERS = "orders";

    /** One-way {@link OrderEvent}s. */
    public static final String EVENTS = "order-events";

    /** Requests for the consumer's {@link ConsumerCounts}. */
    public static final String STATS = "order-stats";

    private Destinations()
    {
    }
}

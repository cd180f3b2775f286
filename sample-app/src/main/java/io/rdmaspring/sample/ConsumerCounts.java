package io.rdmaspring.sample;

/** How many orders and events the consumer has processed since it started. */
public record ConsumerCounts(long orders, long events)
{
    public long total()
    {
        return orders + events;
    }
}

package io.rdmaspring.boot.core;

/**
 * What the template and the listener containers report for metrics. Called on the messaging threads, so an
 * implementation must not block and should not allocate per call.
 */
public interface RdmaMetrics
{
    /** Reports nothing. */
    RdmaMetrics NONE = new RdmaMetrics()
    {
    };

    /** A message of {@code bytes} (frame length) was posted to {@code destination} (a logical name). */
    default void sent(final String destination, final int bytes)
    {
    }

    /** A message of {@code bytes} (frame length) arrived for {@code destination}. */
    default void received(final String destination, final int bytes)
    {
    }

    /**
     * Something failed: {@code kind} is one of {@code send}, {@code listener}, {@code reply-timeout},
     * {@code remote}, {@code decode}, {@code unknown-destination}.
     */
    default void error(final String destination, final String kind)
    {
    }

    /** A request to {@code destination} got its reply after {@code nanos} (round trip). */
    default void replyLatency(final String destination, final long nanos)
    {
    }
}

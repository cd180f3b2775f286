package io.rdmaspring.sample.producer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/** Messages sent and acknowledged, and the first failure, counted from the sending thread and future callbacks. */
final class Tally
{
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();

    void sent()
    {
        sent.incrementAndGet();
    }

    long acknowledged()
    {
        return acknowledged.incrementAndGet();
    }

    void failed(final String what, final Throwable failure)
    {
        firstFailure.compareAndSet(null, what + ": " + describe(failure));
    }

    long sentCount()
    {
        return sent.get();
    }

    long acknowledgedCount()
    {
        return acknowledged.get();
    }

    @Nullable String firstFailure()
    {
        return firstFailure.get();
    }

    /** The innermost cause's type and message, on one line: futures wrap the starter's exception. */
    static String describe(final Throwable failure)
    {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        final String message = String.valueOf(cause.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        return cause.getClass().getSimpleName() + ": " + message;
    }
}

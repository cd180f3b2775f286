package io.rdmaspring.boot.core;

import java.util.concurrent.locks.LockSupport;

/** Waiting for a condition another thread makes true: spin, then yield, then park briefly. */
final class Backoff
{
    private static final int SPINS = 200;
    private static final int YIELDS = 50;
    private static final long MAX_PARK_NANOS = 100_000;

    private Backoff()
    {
    }

    /** Waits a little; {@code attempt} counts from 0 and grows with each unsuccessful try. */
    static void idle(final int attempt)
    {
        if (attempt < SPINS)
        {
            Thread.onSpinWait();
        }
        else if (attempt < SPINS + YIELDS)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 1_000L << Math.min(7, attempt - SPINS - YIELDS)));
        }
    }
}

package io.rdmaspring.verbs.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.ConnectionState;
import io.rdmaspring.verbs.MessageHandler;
import io.rdmaspring.verbs.ProtectionDomain;
import io.rdmaspring.verbs.RdmaConnection;
import io.rdmaspring.verbs.RdmaConnector;
import io.rdmaspring.verbs.VerbsContext;

import static io.rdmaspring.verbs.bench.BenchmarkSupport.format;
import static io.rdmaspring.verbs.bench.BenchmarkSupport.info;
import static io.rdmaspring.verbs.bench.BenchmarkSupport.percentile;
import static io.rdmaspring.verbs.bench.BenchmarkSupport.requireConnected;
import static io.rdmaspring.verbs.bench.BenchmarkSupport.result;

/**
 * Send latency the way {@code ib_send_lat} measures it: the client sends one message, the server echoes it, one-way
 * latency is half the round trip. Each side polls its connection on one thread, busily; the server echoes from
 * inside its message handler. Not a test: a program run by {@code scripts/bench}.
 * <pre>
 *   PingPongBenchmark server PORT READY_FILE MAX_SIZE
 *   PingPongBenchmark client PORT IMPL WARMUP_ROUNDS MEASURED_ROUNDS SIZE...
 * </pre>
 * Prints {@code RESULT impl=IMPL op=send_lat size=S p50_us=X p99_us=Y} per size, and {@code INFO} lines with the
 * client thread's heap allocation per round trip (steady state, see {@link AllocationChunks}, and in total) and its
 * {@code poll()} calls per round trip over the measured rounds.
 */
public final class PingPongBenchmark
{
    private static final long SERVE_SECONDS = 1_800;

    private PingPongBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        BenchmarkSupport.run("PingPongBenchmark", args, PingPongBenchmark::server, PingPongBenchmark::client);
    }

    private static ConnectionConfig config(final int maxSize)
    {
        return new ConnectionConfig().maxMessageSize(maxSize);
    }

    private static void server(final int port, final Path ready, final int maxSize) throws Exception
    {
        try (VerbsContext context = BenchmarkSupport.openDevice();
             ProtectionDomain pd = context.allocateProtectionDomain())
        {
            final Echo echo = new Echo();
            final RdmaConnection connection = BenchmarkSupport.acceptOne(pd, port, config(maxSize), echo, ready);
            final long deadline = System.nanoTime() + SERVE_SECONDS * 1_000_000_000L;
            while (connection.state() == ConnectionState.OPEN && System.nanoTime() - deadline < 0)
            {
                connection.poll();
                echo.sendPending(connection);
            }
            connection.close();
            info("ping-pong server echoed " + echo.echoed + " messages, " + echo.deferred + " of them after poll()");
        }
    }

    private static void client(final int port, final String impl, final int warmup, final int measured,
        final int[] sizes) throws Exception
    {
        final int maxSize = Arrays.stream(sizes).max().orElse(1);
        try (VerbsContext context = BenchmarkSupport.openDevice();
             ProtectionDomain pd = context.allocateProtectionDomain();
             RdmaConnector connector = new RdmaConnector())
        {
            final Counter replies = new Counter();
            final RdmaConnection connection = BenchmarkSupport.connect(connector, pd, port, config(maxSize), replies);
            final long[] roundTrips = new long[measured];
            for (final int size : sizes)
            {
                roundTrips(connection, replies, size, new long[warmup], new AllocationChunks(warmup));
                final AllocationChunks allocation = new AllocationChunks(measured);
                info("impl=" + impl + " op=send_lat size=" + size + " measuring from JVM uptime "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
                final long polls = roundTrips(connection, replies, size, roundTrips, allocation);
                final double p50 = percentile(roundTrips, 0.50) / 2_000.0;
                final double p99 = percentile(roundTrips, 0.99) / 2_000.0;
                result("impl=" + impl + " op=send_lat size=" + size + " p50_us=" + format(p50) + " p99_us="
                    + format(p99));
                info("impl=" + impl + " op=send_lat size=" + size + " rounds=" + measured + " bytes_per_msg="
                    + format(allocation.steadyBytesPerMessage()) + " total_bytes_per_msg="
                    + format(allocation.totalBytesPerMessage()) + " polls_per_msg=" + format((double)polls / measured)
                    + " posts_per_msg=1");
            }
            connection.close();
        }
    }

    /**
     * Runs {@code samples.length} round trips of {@code size} bytes, recording each in nanoseconds and the thread's
     * allocation in {@code allocation}; returns how many times it polled.
     */
    private static long roundTrips(final RdmaConnection connection, final Counter replies, final int size,
        final long[] samples, final AllocationChunks allocation)
    {
        long polls = 0;
        for (int i = 0; i < samples.length; i++)
        {
            allocation.mark(i);
            final long start = System.nanoTime();
            final long expected = replies.count + 1;
            int slot;
            while ((slot = connection.acquire()) < 0)
            {
                requireConnected(slot, connection);
                connection.poll();
                polls++;
            }
            long sent;
            while ((sent = connection.send(slot, size)) == RdmaConnection.BACK_PRESSURED)
            {
                connection.poll();
                polls++;
            }
            requireConnected(sent, connection);
            while (replies.count < expected)
            {
                if (connection.poll() == 0 && connection.state() != ConnectionState.OPEN)
                {
                    requireConnected(RdmaConnection.NOT_CONNECTED, connection);
                }
                polls++;
            }
            samples[i] = System.nanoTime() - start;
        }
        allocation.mark(samples.length);
        return polls;
    }

    /** Counts replies; runs on the polling thread, so a plain field does. */
    private static final class Counter implements MessageHandler
    {
        long count;

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
            count++;
        }
    }

    /** Sends every message back with the same length; what cannot go at once goes after the next poll. */
    private static final class Echo implements MessageHandler
    {
        long echoed;
        long deferred;
        private int pending;
        private int pendingLength;

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
            pendingLength = length;
            if (pending > 0 || !tryEcho(connection, length))
            {
                pending++;
                deferred++;
            }
        }

        void sendPending(final RdmaConnection connection)
        {
            while (pending > 0 && tryEcho(connection, pendingLength))
            {
                pending--;
            }
        }

        private boolean tryEcho(final RdmaConnection connection, final int length)
        {
            final int slot = connection.acquire();
            if (slot < 0)
            {
                return false;
            }
            final long sent = connection.send(slot, length);
            if (sent < 0)
            {
                connection.release(slot);
                return false;
            }
            echoed++;
            return true;
        }
    }
}

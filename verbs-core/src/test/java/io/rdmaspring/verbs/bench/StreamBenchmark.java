package io.rdmaspring.verbs.bench;

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
import static io.rdmaspring.verbs.bench.BenchmarkSupport.requireConnected;
import static io.rdmaspring.verbs.bench.BenchmarkSupport.result;

/**
 * Send bandwidth the way {@code ib_send_bw} measures it: the client sends as fast as credits and free send buffers
 * allow (polling when held back), the server consumes. The measured interval runs from the first send until the
 * server has acknowledged processing the last message, so it is never shorter than perftest's (which ends at the
 * last send completion). Not a test: a program run by {@code scripts/bench}.
 * <pre>
 *   StreamBenchmark server PORT READY_FILE MAX_SIZE
 *   StreamBenchmark client PORT IMPL WARMUP_MESSAGES MEASURED_MESSAGES SIZE...
 * </pre>
 * Prints {@code RESULT impl=IMPL op=send_bw size=S MBps=X} per size (MB = 10^6 bytes), and {@code INFO} lines with
 * the client thread's heap allocation and {@code poll()} calls per message.
 */
public final class StreamBenchmark
{
    private static final int BUFFERS = 128;
    private static final long SERVE_SECONDS = 1_800;

    private StreamBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        BenchmarkSupport.run("StreamBenchmark", args, StreamBenchmark::server, StreamBenchmark::client);
    }

    private static ConnectionConfig config(final int maxSize)
    {
        return new ConnectionConfig().maxMessageSize(maxSize).sendBuffers(BUFFERS).receiveBuffers(BUFFERS);
    }

    private static void server(final int port, final Path ready, final int maxSize) throws Exception
    {
        try (VerbsContext context = BenchmarkSupport.openDevice();
             ProtectionDomain pd = context.allocateProtectionDomain())
        {
            final Consumer consumer = new Consumer();
            final RdmaConnection connection = BenchmarkSupport.acceptOne(pd, port, config(maxSize), consumer, ready);
            BenchmarkSupport.serveUntilDisconnected(connection, SERVE_SECONDS);
            info("stream server consumed " + consumer.messages + " messages, " + consumer.bytes + " bytes");
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
            final RdmaConnection connection = BenchmarkSupport.connect(connector, pd, port, config(maxSize),
                new Consumer());
            for (final int size : sizes)
            {
                stream(connection, size, warmup, new Split(), new AllocationChunks(warmup));
                final Split split = new Split();
                final AllocationChunks allocation = new AllocationChunks(measured);
                final long start = System.nanoTime();
                final long polls = stream(connection, size, measured, split, allocation);
                final long nanos = System.nanoTime() - start;
                final double megabytesPerSecond = (double)size * measured * 1_000.0 / nanos;
                result("impl=" + impl + " op=send_bw size=" + size + " MBps=" + format(megabytesPerSecond));
                info("impl=" + impl + " op=send_bw size=" + size + " messages=" + measured + " seconds="
                    + format(nanos / 1e9) + " bytes_per_msg=" + format(allocation.steadyBytesPerMessage())
                    + " total_bytes_per_msg=" + format(allocation.totalBytesPerMessage()) + " polls_per_msg="
                    + format((double)polls / measured) + " posts_per_msg=1 send_us_per_msg="
                    + format(split.sendNanos / 1e3 / measured) + " max_send_us=" + format(split.maxSendNanos / 1e3)
                    + " poll_us_per_msg=" + format(split.pollNanos / 1e3 / measured));
            }
            connection.close();
        }
    }

    /**
     * Sends {@code count} messages of {@code size} bytes and waits until the server processed them; returns polls.
     * Adds the time spent in {@code send} and in {@code poll} to {@code split} (where the client waits) and the
     * thread's allocation to {@code allocation}.
     */
    private static long stream(final RdmaConnection connection, final int size, final int count, final Split split,
        final AllocationChunks allocation)
    {
        long polls = 0;
        for (int i = 0; i < count; i++)
        {
            allocation.mark(i);
            int slot;
            while ((slot = connection.acquire()) < 0)
            {
                requireConnected(slot, connection);
                split.poll(connection);
                polls++;
            }
            long sent;
            while ((sent = split.send(connection, slot, size)) == RdmaConnection.BACK_PRESSURED)
            {
                split.poll(connection);
                polls++;
            }
            requireConnected(sent, connection);
        }
        final long last = connection.sent();
        while (connection.acknowledged() < last)
        {
            if (split.poll(connection) == 0 && connection.state() != ConnectionState.OPEN)
            {
                requireConnected(RdmaConnection.NOT_CONNECTED, connection);
            }
            polls++;
        }
        allocation.mark(count);
        return polls;
    }

    /** Time the client spends inside {@code send} (posting) and {@code poll}, in nanoseconds. */
    private static final class Split
    {
        long sendNanos;
        long maxSendNanos;
        long pollNanos;

        long send(final RdmaConnection connection, final int slot, final int size)
        {
            final long start = System.nanoTime();
            final long sent = connection.send(slot, size);
            final long nanos = System.nanoTime() - start;
            sendNanos += nanos;
            maxSendNanos = Math.max(maxSendNanos, nanos);
            return sent;
        }

        int poll(final RdmaConnection connection)
        {
            final long start = System.nanoTime();
            final int count = connection.poll();
            pollNanos += System.nanoTime() - start;
            return count;
        }
    }

    /** Counts what arrives; runs on the polling thread. */
    private static final class Consumer implements MessageHandler
    {
        long messages;
        long bytes;

        @Override
        public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset,
            final int length)
        {
            messages++;
            bytes += length;
        }
    }
}

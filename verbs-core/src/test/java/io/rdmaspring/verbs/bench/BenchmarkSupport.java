package io.rdmaspring.verbs.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.ThreadMXBean;
import io.rdmaspring.verbs.ConnectionConfig;
import io.rdmaspring.verbs.ConnectionState;
import io.rdmaspring.verbs.MessageHandler;
import io.rdmaspring.verbs.ProtectionDomain;
import io.rdmaspring.verbs.RdmaAcceptor;
import io.rdmaspring.verbs.RdmaConnection;
import io.rdmaspring.verbs.RdmaConnector;
import io.rdmaspring.verbs.VerbsContext;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * What the benchmark programs share: opening the device named by {@code RDMA_TEST_DEVICE}, the server and client
 * halves of one connection on {@code RDMA_TEST_ADDRESS}, percentiles and the per-thread allocation counter. Every
 * figure is printed as one {@code RESULT} or {@code INFO} line; nothing is asserted.
 */
final class BenchmarkSupport
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final long SETUP_TIMEOUT_SECONDS = 120;

    static
    {
        THREADS.getCurrentThreadAllocatedBytes(); // its first call may allocate; keep that out of any measurement
    }

    private BenchmarkSupport()
    {
    }

    /** Runs the server or the client half of benchmark {@code name}, as its first argument says. */
    static void run(final String name, final String[] args, final Server server, final Client client) throws Exception
    {
        if (args.length < 4)
        {
            throw new IllegalArgumentException("usage: " + name + " server PORT READY_FILE MAX_SIZE | " + name
                + " client PORT IMPL WARMUP MEASURED SIZE...");
        }
        if ("server".equals(args[0]))
        {
            server.run(intArg(args, 1, "port"), Path.of(args[2]), intArg(args, 3, "max size"));
        }
        else
        {
            client.run(intArg(args, 1, "port"), args[2], intArg(args, 3, "warm-up count"),
                intArg(args, 4, "measured count"), sizes(args, 5));
        }
    }

    /** The listening half: accepts one connection on {@code port}, writing {@code ready} once it listens. */
    @FunctionalInterface
    interface Server
    {
        void run(int port, Path ready, int maxSize) throws Exception;
    }

    /** The measuring half: prints a RESULT line per size for implementation label {@code impl}. */
    @FunctionalInterface
    interface Client
    {
        void run(int port, String impl, int warmup, int measured, int[] sizes) throws Exception;
    }

    static VerbsContext openDevice()
    {
        return VerbsContext.open(RdmaTestEnvironment.deviceName());
    }

    static InetSocketAddress address(final int port)
    {
        return new InetSocketAddress(RdmaTestEnvironment.address(), port);
    }

    /**
     * Listens on {@code port}, writes {@code readyFile} once listening (the client's cue to connect), and returns the
     * first connection accepted.
     */
    static RdmaConnection acceptOne(final ProtectionDomain pd, final int port, final ConnectionConfig config,
        final MessageHandler handler, final Path readyFile) throws Exception
    {
        final AtomicReference<RdmaConnection> accepted = new AtomicReference<>();
        final RdmaAcceptor acceptor = RdmaConnection.listen(pd, address(port), config, handler, accepted::set);
        Files.writeString(readyFile, "listening on " + acceptor.localAddress() + "\n");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_TIMEOUT_SECONDS);
        while (accepted.get() == null && System.nanoTime() - deadline < 0)
        {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        final RdmaConnection connection = accepted.get();
        if (connection == null)
        {
            throw new IllegalStateException("No client connected to " + acceptor.localAddress() + " within "
                + SETUP_TIMEOUT_SECONDS + " s");
        }
        return connection;
    }

    static RdmaConnection connect(final RdmaConnector connector, final ProtectionDomain pd, final int port,
        final ConnectionConfig config, final MessageHandler handler) throws Exception
    {
        final CompletableFuture<RdmaConnection> future = RdmaConnection.connect(connector, pd, address(port), config,
            handler);
        return future.get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Polls until the peer has disconnected (or {@code seconds} pass), then closes. */
    static void serveUntilDisconnected(final RdmaConnection connection, final long seconds)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (connection.state() == ConnectionState.OPEN && System.nanoTime() - deadline < 0)
        {
            connection.poll();
        }
        connection.close();
    }

    /** Heap bytes the calling thread has allocated so far. */
    static long allocatedBytes()
    {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Fails with a message naming the code when a hot-path call returned {@code NOT_CONNECTED} or worse. */
    static void requireConnected(final long code, final RdmaConnection connection)
    {
        if (code < RdmaConnection.BACK_PRESSURED)
        {
            throw new IllegalStateException("The connection stopped (code " + code + "): " + connection
                + (connection.failure() == null ? "" : ", " + connection.failure().getMessage()));
        }
    }

    /** The value below which {@code fraction} of {@code samples} fall; sorts {@code samples}. */
    static long percentile(final long[] samples, final double fraction)
    {
        Arrays.sort(samples);
        final int index = (int)Math.min(samples.length - 1, Math.max(0, Math.ceil(fraction * samples.length) - 1));
        return samples[index];
    }

    static String format(final double value)
    {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static void result(final String line)
    {
        System.out.println("RESULT " + line);
        System.out.flush();
    }

    static void info(final String line)
    {
        System.out.println("INFO " + line);
        System.out.flush();
    }

    /** The message sizes from {@code args[from]} on. */
    static int[] sizes(final String[] args, final int from)
    {
        final int[] sizes = new int[Math.max(0, args.length - from)];
        for (int i = 0; i < sizes.length; i++)
        {
            sizes[i] = intArg(args, from + i, "size");
        }
        if (sizes.length == 0)
        {
            throw new IllegalArgumentException("No message sizes given");
        }
        return sizes;
    }

    static int intArg(final String[] args, final int index, final String name)
    {
        if (args.length <= index)
        {
            throw new IllegalArgumentException("Missing argument " + (index + 1) + " (" + name + ")");
        }
        return Integer.parseInt(args[index]);
    }
}

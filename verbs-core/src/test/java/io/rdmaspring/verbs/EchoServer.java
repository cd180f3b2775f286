package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * Child JVM main: listens on the test device's address, prints {@code LISTENING <port>}, and sends every message it
 * receives back on the same connection. With an argument N it exits after N connections have ended, printing
 * {@code SERVED <connections> <messages echoed>}; without one it runs until killed.
 */
public final class EchoServer
{
    /**
     * Shared by both JVMs. The connect timeout bounds each connection manager step; a guest starved of CPU, with a
     * second JVM starting, has taken over 5 s for one, so it is a generous bound rather than the default.
     */
    static final ConnectionConfig CONFIG = new ConnectionConfig().maxMessageSize(64 * 1024).sendBuffers(32)
        .receiveBuffers(16).connectTimeout(Duration.ofSeconds(60));

    /** Copies waiting to be echoed, per connection: the handler cannot wait for credits inside poll(). */
    private final Map<RdmaConnection, Queue<byte[]>> pending = new IdentityHashMap<>();
    private final Queue<RdmaConnection> accepted = new ConcurrentLinkedQueue<>();
    private final List<RdmaConnection> connections = new ArrayList<>();
    private long echoed;
    private int ended;

    private EchoServer()
    {
    }

    public static void main(final String[] args)
    {
        final int connectionsToServe = args.length > 0 ? Integer.parseInt(args[0]) : Integer.MAX_VALUE;
        final EchoServer server = new EchoServer();
        try (VerbsContext context = VerbsContext.open(RdmaTestEnvironment.deviceName());
             RdmaAcceptor acceptor = RdmaConnection.listen(context.allocateProtectionDomain(),
                 new InetSocketAddress(RdmaTestEnvironment.address(), 0), CONFIG, server::onMessage,
                 server.accepted::add))
        {
            System.out.println("LISTENING " + acceptor.localAddress().getPort());
            System.out.flush();
            server.serve(connectionsToServe);
        }
        System.out.println("SERVED " + server.ended + " " + server.echoed);
        System.out.flush();
    }

    private void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.get(offset, copy);
        pending.computeIfAbsent(connection, c -> new ArrayDeque<>()).add(copy);
    }

    private void serve(final int connectionsToServe)
    {
        int idle = 0;
        while (ended < connectionsToServe)
        {
            for (RdmaConnection connection = accepted.poll(); connection != null; connection = accepted.poll())
            {
                connections.add(connection);
            }
            int work = 0;
            for (final RdmaConnection connection : List.copyOf(connections))
            {
                work += connection.poll() + echo(connection);
                if (connection.state() == ConnectionState.FAILED)
                {
                    System.out.println("ENDED " + connection.peer() + ": " + connection.failure());
                    connection.close();
                    connections.remove(connection);
                    pending.remove(connection);
                    ended++;
                }
            }
            idle = work == 0 ? idle + 1 : 0;
            if (idle > 10_000)
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100)); // share the guest's CPU with the test JVM
            }
        }
    }

    private int echo(final RdmaConnection connection)
    {
        final Queue<byte[]> queue = pending.get(connection);
        int sent = 0;
        while (queue != null && !queue.isEmpty())
        {
            final byte[] message = queue.peek();
            if (connection.offer(ByteBuffer.wrap(message), 0, message.length) < 0)
            {
                break;
            }
            queue.remove();
            echoed++;
            sent++;
        }
        return sent;
    }
}

package io.rdmaspring.verbs;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that polls many {@link RdmaConnection}s, so their handlers run on it.
 * <ul>
 *   <li>{@link #busyPolling(String) Busy}: it spins over its connections; idle, it backs off with
 *   {@link Thread#onSpinWait()} and then {@link Thread#yield()}, never sleeping. Lowest latency, one core.</li>
 *   <li>{@link #eventDriven(String, VerbsContext) Event-driven}: idle after a short spin, it arms every completion
 *   queue, polls once more and sleeps in {@code poll(2)} on its {@link #channel()} until a completion, a
 *   {@link #wakeup()}, or the next moment a connection must be looked at without an event: credit words the peer
 *   writes raise none (checked every millisecond while sent messages await acknowledgement), and processed messages
 *   are reported within {@link ConnectionConfig#acknowledgeDelay()}. An idle event-driven poller uses no CPU. Its
 *   connections' completion queues must report to {@link #channel()}
 *   ({@link ConnectionConfig#completionChannel(CompletionChannel)}).</li>
 * </ul>
 * Connections leave once closed or failed; a failed one is closed by the poller. A handler that throws fails its
 * connection only. {@link RdmaConnection#complete(long)} on a worker thread wakes a sleeping poller, so the
 * acknowledgement it allows is not delayed.
 */
public final class ConnectionPoller implements AutoCloseable
{
    /** Rounds of polling with nothing to do before backing off (busy) or going to sleep (event-driven). */
    private static final int SPIN_ROUNDS = 200;
    /** Busy mode: idle rounds after which each round yields the CPU instead of spinning. */
    private static final int YIELD_AFTER_ROUNDS = 2_000;
    /** The longest an event-driven wait lasts when no connection needs looking at: a bound, not a need. */
    static final int IDLE_WAIT_MILLIS = 10_000;
    /** On top of the longest close timeout, how long {@link #close()} waits for the thread to close everything. */
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final int AWAKE = 0;
    private static final int WAITING_BRIEFLY = 1;
    private static final int WAITING = 2;

    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionPoller.class);

    private final String name;
    private final @Nullable CompletionChannel channel;
    private final @Nullable ChannelWait wait;
    private final Thread thread;
    private final Queue<RdmaConnection> added = new ConcurrentLinkedQueue<>();
    private final Queue<RdmaConnection> closeRequests = new ConcurrentLinkedQueue<>();
    private final Object lifecycle = new Object();
    private RdmaConnection[] connections = new RdmaConnection[8];
    private boolean[] armed = new boolean[8];
    private int count;
    private volatile int size;
    private volatile int waitState = AWAKE;
    private volatile boolean stopping;
    private volatile long longestCloseTimeoutNanos;
    private volatile long waits;
    private volatile long briefWaits;

    private ConnectionPoller(final String threadName, final @Nullable CompletionChannel channel)
    {
        this.name = threadName;
        this.channel = channel;
        this.wait = channel == null ? null : new ChannelWait(channel);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A poller that spins over its connections on a thread named {@code threadName}. */
    public static ConnectionPoller busyPolling(final String threadName)
    {
        return new ConnectionPoller(threadName, null);
    }

    /**
     * A poller that sleeps on a completion channel it creates on {@code context} when idle, on a thread named
     * {@code threadName}. Put {@link #channel()} into the {@link ConnectionConfig} of the connections it will poll.
     */
    public static ConnectionPoller eventDriven(final String threadName, final VerbsContext context)
    {
        final CompletionChannel channel = context.createCompletionChannel();
        try
        {
            return new ConnectionPoller(threadName, channel);
        }
        catch (final RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** The channel an event-driven poller sleeps on; {@code null} for a busy one. Closed with the poller. */
    public @Nullable CompletionChannel channel()
    {
        return channel;
    }

    public String name()
    {
        return name;
    }

    /** Whether the caller runs on this poller's thread, where handlers run and waiting for credits would stall. */
    public boolean isPollerThread()
    {
        return Thread.currentThread() == thread;
    }

    /** How many times the thread has gone to sleep: for tests. */
    long waits()
    {
        return waits;
    }

    /** How many of {@link #waits()} had a time limit because a connection needed a look: for tests. */
    long briefWaits()
    {
        return briefWaits;
    }

    /** How many connections it polls now. */
    public int connections()
    {
        return size;
    }

    /**
     * Hands {@code connection} to this poller, from any thread; from then on only the poller's thread polls it.
     *
     * @throws IllegalArgumentException when this poller is event-driven and the connection's completion queue does
     *     not report to {@link #channel()}.
     * @throws IllegalStateException when the connection is still connecting or already has a poller, or this poller
     *     is closed.
     */
    public void add(final RdmaConnection connection)
    {
        if (connection.state() == ConnectionState.CONNECTING)
        {
            throw new IllegalStateException(connection + " is still connecting; add it once open");
        }
        if (channel != null && connection.completionQueue().channel() != channel)
        {
            throw new IllegalArgumentException(connection + " reports completions elsewhere than to " + channel
                + " of poller " + name + ", so it would never wake it: set ConnectionConfig.completionChannel("
                + "poller.channel()) for its connections");
        }
        synchronized (lifecycle)
        {
            if (stopping)
            {
                throw new IllegalStateException("The connection poller " + name + " is closed");
            }
            connection.ownedBy(this);
            longestCloseTimeoutNanos = Math.max(longestCloseTimeoutNanos,
                connection.config().closeTimeout().toNanos());
            added.add(connection);
        }
        wakeup();
    }

    /** Makes a sleeping event-driven poller look at its connections now; any thread. */
    public void wakeup()
    {
        final ChannelWait current = wait;
        if (current != null)
        {
            current.wake();
        }
    }

    /** A deferred message was completed: its acknowledgement may be due, so a waiting poller must look. */
    void completed()
    {
        if (waitState != AWAKE)
        {
            wakeup();
        }
    }

    /** A message was sent: a poller waiting without a time limit must start looking for its acknowledgement. */
    void sent()
    {
        if (waitState == WAITING)
        {
            wakeup();
        }
    }

    /**
     * Closes {@code connection}, which this poller owns. On the poller's thread the close begins and the poller
     * finishes it; elsewhere the poller does it while this waits (up to the close timeout plus a grace period).
     *
     * @return false when the poller's thread has ended, so the caller may close the connection itself.
     */
    boolean close(final RdmaConnection connection)
    {
        if (Thread.currentThread() == thread)
        {
            connection.beginClose();
            return true;
        }
        if (!thread.isAlive())
        {
            return false;
        }
        closeRequests.add(connection);
        wakeup();
        if (!connection.awaitClosed())
        {
            LOGGER.warn("Connection poller {} did not close {} in time; it goes on closing it", name, connection);
        }
        return true;
    }

    /**
     * Closes every connection it polls (each waits up to its close timeout, as {@link RdmaConnection#close()}),
     * stops the thread and closes the channel. Waits for the thread, unless called on it. Safe to call twice.
     */
    @Override
    public void close()
    {
        synchronized (lifecycle)
        {
            stopping = true;
        }
        wakeup();
        if (Thread.currentThread() == thread)
        {
            return;
        }
        try
        {
            thread.join(TimeUnit.NANOSECONDS.toMillis(longestCloseTimeoutNanos + STOP_GRACE_NANOS));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            LOGGER.error("Connection poller {} did not stop in time; it closes its channel when it does", name);
        }
    }

    private void run()
    {
        try
        {
            loop();
        }
        catch (final Throwable ex)
        {
            LOGGER.error("Connection poller {} stopped on an unexpected failure", name, ex);
        }
        finally
        {
            shutdown();
        }
    }

    private void loop()
    {
        int idle = 0;
        boolean stopped = false;
        long stopDeadline = 0;
        while (true)
        {
            if (stopping && !stopped)
            {
                stopped = true;
                stopDeadline = System.nanoTime() + longestCloseTimeoutNanos + STOP_GRACE_NANOS / 2;
                for (int i = 0; i < count; i++)
                {
                    connections[i].beginClose();
                }
            }
            final int work = round();
            if (stopped && (count == 0 && added.isEmpty() || System.nanoTime() - stopDeadline >= 0))
            {
                return;
            }
            if (work > 0)
            {
                idle = 0;
            }
            else if (++idle <= SPIN_ROUNDS)
            {
                Thread.onSpinWait();
            }
            else if (wait == null)
            {
                backOff(idle);
            }
            else
            {
                sleepOrLog(wait);
                idle = 0;
            }
        }
    }

    /** Takes new connections and close requests, then polls every connection once; returns how much happened. */
    private int round()
    {
        int work = admit();
        for (RdmaConnection connection = closeRequests.poll(); connection != null; connection = closeRequests.poll())
        {
            connection.beginClose();
            work++;
        }
        boolean closed = false;
        for (int i = 0; i < count; i++)
        {
            final RdmaConnection connection = connections[i];
            work += poll(connection);
            closed |= connection.state() == ConnectionState.CLOSED;
        }
        if (closed)
        {
            removeClosed();
        }
        return work;
    }

    private int poll(final RdmaConnection connection)
    {
        int work;
        try
        {
            work = connection.poll();
        }
        catch (final Throwable ex)
        {
            connection.handlerFailed(ex);
            work = 1;
        }
        final ConnectionState state = connection.state();
        if (state == ConnectionState.FAILED || state == ConnectionState.CLOSING && connection.drained())
        {
            try
            {
                connection.finishClose();
            }
            catch (final Throwable ex)
            {
                LOGGER.warn("Closing {} on poller {} failed: its handler threw, or the kernel kept a resource",
                    connection, name, ex);
            }
            work++;
        }
        return work;
    }

    private int admit()
    {
        int admitted = 0;
        for (RdmaConnection connection = added.poll(); connection != null; connection = added.poll())
        {
            if (count == connections.length)
            {
                connections = Arrays.copyOf(connections, count * 2);
                armed = Arrays.copyOf(armed, count * 2);
            }
            connections[count] = connection;
            armed[count++] = false;
            if (stopping)
            {
                connection.beginClose();
            }
            admitted++;
        }
        if (admitted > 0)
        {
            size = count;
        }
        return admitted;
    }

    private void removeClosed()
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (connections[i].state() != ConnectionState.CLOSED)
            {
                armed[kept] = armed[i];
                connections[kept++] = connections[i];
            }
        }
        Arrays.fill(connections, kept, count, null);
        count = kept;
        size = kept;
    }

    private void backOff(final int idle)
    {
        if (idle < YIELD_AFTER_ROUNDS)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield();
        }
    }

    private void sleepOrLog(final ChannelWait channelWait)
    {
        try
        {
            sleep(channelWait);
        }
        catch (final RuntimeException ex)
        {
            LOGGER.error("Connection poller {} could not wait on {}; it keeps polling", name, channel, ex);
        }
    }

    /**
     * Arms every completion queue, polls once more (completions before arming raise no event), then waits until an
     * event, a wake-up or the moment a connection must be looked at, and takes the events.
     */
    private void sleep(final ChannelWait channelWait)
    {
        arm();
        waitState = WAITING;
        try
        {
            if (round() > 0)
            {
                return;
            }
            final long quiet = quietNanos();
            if (quiet != Long.MAX_VALUE)
            {
                waitState = WAITING_BRIEFLY;
            }
            final long millis = quiet == Long.MAX_VALUE ? IDLE_WAIT_MILLIS : (quiet + 999_999) / 1_000_000;
            waits++;
            if (quiet != Long.MAX_VALUE)
            {
                briefWaits++;
            }
            if (channelWait.await((int)Math.max(1, Math.min(IDLE_WAIT_MILLIS, millis))))
            {
                takeEvents();
            }
        }
        finally
        {
            waitState = AWAKE;
        }
    }

    private void arm()
    {
        for (int i = 0; i < count; i++)
        {
            if (!armed[i])
            {
                armed[i] = connections[i].completionQueue().requestNotification(false) == 0;
            }
        }
    }

    /** The shortest time any connection may go unpolled without an event; a queue that could not be armed: 1 ms. */
    private long quietNanos()
    {
        final long now = System.nanoTime();
        long quiet = Long.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            quiet = Math.min(quiet, armed[i] ? connections[i].quietNanos(now) : RdmaConnection.CREDIT_CHECK_NANOS);
        }
        return quiet;
    }

    private void takeEvents()
    {
        final CompletionChannel events = channel;
        if (events == null)
        {
            return;
        }
        for (CompletionQueue queue = events.takeEvent(); queue != null; queue = events.takeEvent())
        {
            for (int i = 0; i < count; i++)
            {
                if (connections[i].completionQueue() == queue)
                {
                    armed[i] = false;
                }
            }
        }
    }

    /** On the thread as it ends: closes what is left without waiting, then the channel. */
    private void shutdown()
    {
        synchronized (lifecycle)
        {
            stopping = true;
        }
        admit();
        for (int i = 0; i < count; i++)
        {
            try
            {
                connections[i].finishClose();
            }
            catch (final Throwable ex)
            {
                LOGGER.warn("Closing {} on poller {} failed", connections[i], name, ex);
            }
        }
        removeClosed();
        if (wait != null)
        {
            wait.close();
        }
        if (channel != null)
        {
            channel.close();
        }
    }

    @Override
    public String toString()
    {
        return "ConnectionPoller[" + name + (channel == null ? ", busy" : ", event-driven") + ", " + size
            + " connections]";
    }
}

package io.rdmaspring.verbs;

import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that polls many {@link RdmaConnection}s, so their handlers run on it.
 * <ul>
 *   <li>{@link #busyPolling(String) Busy}: it spins over its connections; idle, it backs off with
 *   {@link Thread#onSpinWait()} and after {@value #YIELD_AFTER_ROUNDS} idle rounds with {@link Thread#yield()},
 *   never sleeping. Lowest latency, one core.</li>
 *   <li>{@link #eventDriven(String, VerbsContext, Duration) Event-driven}: once it has found nothing to do for its
 *   spin time, it arms every completion queue, polls once more and sleeps in {@code poll(2)} on its
 *   {@link #channel()} until a completion, a
 *   {@link #wakeup()}, or the next moment a connection must be looked at without an event: credit words the peer
 *   writes raise none (checked every millisecond while sent messages await acknowledgement), and processed messages
 *   are reported within {@link ConnectionConfig#acknowledgeDelay()}. An idle event-driven poller uses no CPU. Its
 *   connections' completion queues must report to {@link #channel()}
 *   ({@link ConnectionConfig#completionChannel(CompletionChannel)}).</li>
 * </ul>
 * Connections leave once closed or failed; a failed one is closed by the poller. A handler that throws fails its
 * connection only. {@link RdmaConnection#complete(long)} on a worker thread wakes a sleeping poller, so the
 * acknowledgement it allows is not delayed.
 * <p>
 * A thread that waits for a reply can {@link #pollUntil(RdmaConnection, Future) poll its connection itself} for
 * the spin time: waking a sleeping thread is the slowest step of a round trip, and this way neither the poller
 * nor the waiting thread has to be woken.
 */
public final class ConnectionPoller implements AutoCloseable
{
    /** Event-driven mode: the clock is read once per this many idle rounds (a power of two). */
    private static final int CLOCK_ROUNDS = 16;
    /** The spin time of {@link #eventDriven(String, VerbsContext)}. */
    public static final Duration DEFAULT_SPIN = Duration.ofNanos(100_000);
    /**
     * How long after a waiting thread last polled a connection itself the poller leaves its queue unarmed (and
     * looks at it once a millisecond instead): a thread sending requests one after another polls for each reply.
     */
    private static final long ASSIST_WINDOW_NANOS = RdmaConnection.CREDIT_CHECK_NANOS;
    /**
     * How long after a waiting thread last polled a connection itself (without giving up) work the poller finds there
     * does not keep the poller spinning. Far longer than the assist window: where round trips slow down (CPUs shared
     * with other busy threads), a poller that spun on every reply it caught between two requests took a CPU from the
     * threads the round trip needs, which slowed it further.
     */
    private static final long ASSIST_MEMORY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
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
    private final long spinNanos;
    private final Queue<RdmaConnection> added = new ConcurrentLinkedQueue<>();
    private final Queue<RdmaConnection> closeRequests = new ConcurrentLinkedQueue<>();
    private final Object lifecycle = new Object();
    private RdmaConnection[] connections = new RdmaConnection[8];
    private boolean[] armed = new boolean[8];
    private int count;
    private long spinSince;
    private volatile int size;
    private volatile int waitState = AWAKE;
    private volatile boolean stopping;
    private volatile long longestCloseTimeoutNanos;
    private volatile long waits;
    private volatile long briefWaits;

    private ConnectionPoller(final String threadName, final @Nullable CompletionChannel channel,
        final Duration spin)
    {
        if (spin.isNegative())
        {
            throw new IllegalArgumentException("The spin time of poller " + threadName + " is negative: " + spin);
        }
        this.name = threadName;
        this.channel = channel;
        this.spinNanos = spin.toNanos();
        this.wait = channel == null ? null : new ChannelWait(channel);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A poller that spins over its connections on a thread named {@code threadName}. */
    public static ConnectionPoller busyPolling(final String threadName)
    {
        return new ConnectionPoller(threadName, null, Duration.ZERO);
    }

    /** {@link #eventDriven(String, VerbsContext, Duration)} with the {@link #DEFAULT_SPIN default spin time}. */
    public static ConnectionPoller eventDriven(final String threadName, final VerbsContext context)
    {
        return eventDriven(threadName, context, DEFAULT_SPIN);
    }

    /**
     * A poller that sleeps on a completion channel it creates on {@code context} when idle, on a thread named
     * {@code threadName}. Put {@link #channel()} into the {@link ConnectionConfig} of the connections it will poll.
     *
     * @param spin how long it goes on polling after the last round that found work before it sleeps, and how long
     *     {@link #pollUntil(RdmaConnection, Future)} polls: a message that comes back within it costs no wake-up
     */
    public static ConnectionPoller eventDriven(final String threadName, final VerbsContext context,
        final Duration spin)
    {
        final CompletionChannel channel = context.createCompletionChannel();
        try
        {
            return new ConnectionPoller(threadName, channel, spin);
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

    /**
     * Whether the caller runs on this poller's thread, where handlers run and waiting for credits would stall. (A
     * thread in {@link #pollUntil(RdmaConnection, Future)} runs the handlers of that one connection meanwhile.)
     */
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
     * Event-driven: polls {@code connection}, which this poller owns, on the calling thread until {@code done}
     * completes or the spin time passes, so a thread waiting for a reply sees it without being woken, and the
     * poller need not be either. Meanwhile the connection's handlers run on the calling thread, one thread at a time
     * as ever. When the spin time passes first, the poller takes over and the caller should wait for {@code done}.
     * A busy poller's thread already spins, so on one this returns at once; so it does on the poller's own thread.
     *
     * @return whether {@code done} completed
     */
    public boolean pollUntil(final RdmaConnection connection, final Future<?> done)
    {
        if (wait == null || connection.poller() != this || done.isDone() || isPollerThread())
        {
            return done.isDone();
        }
        final long start = System.nanoTime();
        connection.assisting(start);
        boolean polling = false;
        try
        {
            for (int rounds = 1; !done.isDone(); rounds++)
            {
                int work = 0;
                if (polling || (polling = connection.tryLockPolling()))
                {
                    if (connection.state() != ConnectionState.OPEN)
                    {
                        break; // closing or failed: the poller's thread finishes that
                    }
                    try
                    {
                        work = connection.poll();
                    }
                    catch (final Throwable ex)
                    {
                        connection.handlerFailed(ex);
                        break;
                    }
                }
                if ((rounds & (CLOCK_ROUNDS - 1)) == 0 && System.nanoTime() - start >= spinNanos)
                {
                    break;
                }
                if (work == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
        finally
        {
            if (polling)
            {
                connection.unlockPolling();
            }
            connection.assisted(!done.isDone());
        }
        if (done.isDone())
        {
            return true;
        }
        wakeup();
        return false;
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
        boolean spinning = false;
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
                spinning = true;
            }
            else if (wait == null)
            {
                backOff(++idle);
            }
            else if (spinning && !spun(++idle) && !allAssisted())
            {
                Thread.onSpinWait();
            }
            else
            {
                // Spun long enough since the last work, or woke to find none (a timed look, or a completion that a
                // waiting thread took): sleep.
                spinning = sleepOrLog(wait);
                idle = 0;
            }
        }
    }

    /**
     * Whether a waiting thread polls every connection now ({@link #pollUntil}): then spinning finds nothing, and after
     * a reply it took over from a thread that gave up, it only took a CPU from the threads a round trip needs.
     */
    private boolean allAssisted()
    {
        for (int i = 0; i < count; i++)
        {
            if (!connections[i].isAssisted())
            {
                return false;
            }
        }
        return count > 0;
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

    /**
     * Polls a connection unless a thread waiting for a reply does ({@link #pollUntil}). Work on a connection such a
     * thread polled within {@link #ASSIST_MEMORY_NANOS} and did not give up on does not count: it would keep this
     * thread spinning for the next reply, competing with the thread that waits for it.
     */
    private int poll(final RdmaConnection connection)
    {
        if (connection.isAssisted() || !connection.tryLockPolling())
        {
            return 0;
        }
        final int work;
        try
        {
            work = pollLocked(connection);
        }
        finally
        {
            connection.unlockPolling();
        }
        return work > 0 && connection.leftToAssist(System.nanoTime(), ASSIST_MEMORY_NANOS) ? 0 : work;
    }

    private int pollLocked(final RdmaConnection connection)
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

    /**
     * Event-driven: whether the {@code idle} rounds since the last that found work have taken the spin time. Reads the
     * clock on the first and then every {@link #CLOCK_ROUNDS}th.
     */
    private boolean spun(final int idle)
    {
        if (idle == 1)
        {
            spinSince = System.nanoTime();
            return spinNanos == 0;
        }
        return (idle & (CLOCK_ROUNDS - 1)) == 0 && System.nanoTime() - spinSince >= spinNanos;
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

    /** Sleeps, unless the last look before sleeping found work; returns whether it did. */
    private boolean sleepOrLog(final ChannelWait channelWait)
    {
        try
        {
            return sleep(channelWait);
        }
        catch (final RuntimeException ex)
        {
            LOGGER.error("Connection poller {} could not wait on {}; it keeps polling", name, channel, ex);
            return true;
        }
    }

    /**
     * Arms every completion queue, polls once more (completions before arming raise no event), then waits until an
     * event, a wake-up or the moment a connection must be looked at, and takes the events.
     */
    private boolean sleep(final ChannelWait channelWait)
    {
        arm();
        waitState = WAITING;
        try
        {
            if (round() > 0)
            {
                return true;
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
            return false;
        }
        finally
        {
            waitState = AWAKE;
        }
    }

    /** Arms every queue not yet armed, except those a waiting thread polls or did within the assist window. */
    private void arm()
    {
        final long now = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            if (!armed[i] && !connections[i].leftToAssist(now, ASSIST_WINDOW_NANOS))
            {
                armed[i] = connections[i].completionQueue().requestNotification(false) == 0;
            }
        }
    }

    /** The shortest time any connection may go unpolled without an event; an unarmed queue: 1 ms. */
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
            connections[i].lockPolling(); // a waiting thread stops polling within its spin time
            try
            {
                connections[i].finishClose();
            }
            catch (final Throwable ex)
            {
                LOGGER.warn("Closing {} on poller {} failed", connections[i], name, ex);
            }
            finally
            {
                connections[i].unlockPolling();
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

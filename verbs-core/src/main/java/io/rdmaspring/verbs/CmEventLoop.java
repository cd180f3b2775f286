package io.rdmaspring.verbs;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that reads an rdma_cm event channel and hands each event to the handler of its id, runs submitted
 * setup tasks, and lets handlers check their deadlines every tick. Keeping every CM step of a connection on this
 * thread removes races between events, timeouts and user calls.
 */
final class CmEventLoop implements AutoCloseable
{
    /** How often handlers see a tick, so a deadline is noticed within this many milliseconds. */
    static final int TICK_MILLIS = 20;
    /**
     * How long closing waits for the thread: a bound on closing its ids, which a starved machine may need seconds
     * for, not a measurement; only a handler that hangs reaches it.
     */
    static final long STOP_TIMEOUT_MILLIS = 60_000;
    /** How often ids waiting for their port to be ACTIVE again look at it. */
    static final int PORT_CHECK_MILLIS = 200;

    private static final Logger LOGGER = LoggerFactory.getLogger(CmEventLoop.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Receives the events of one id, and a tick to check deadlines. */
    interface Handler
    {
        void onEvent(CmEvent event);

        void onTick(long nowNanos);
    }

    private final CmEventChannel channel;
    private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Ids whose disconnect or destroy waits for their port to be ACTIVE again ({@link CmId}). */
    private final Queue<CmId> waitingForPort = new ConcurrentLinkedQueue<>();
    private long nextPortCheck;
    private final Thread thread;
    private volatile boolean running = true;

    CmEventLoop(final String name)
    {
        this.channel = CmEventChannel.create();
        this.thread = new Thread(this::run, name + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    CmEventChannel channel()
    {
        return channel;
    }

    void execute(final Runnable task)
    {
        synchronized (tasks)
        {
            if (!running)
            {
                throw new IllegalStateException("The connection manager thread " + thread.getName() + " has stopped");
            }
            tasks.add(task);
        }
    }

    boolean inLoop()
    {
        return Thread.currentThread() == thread;
    }

    void register(final long id, final Handler handler)
    {
        handlers.put(id, handler);
    }

    void unregister(final long id)
    {
        handlers.remove(id);
    }

    /**
     * {@code id} sends its disconnect or is destroyed by this thread once its port is ACTIVE again. True when it is
     * the first held back since the port went down (worth a WARN; the others are not).
     */
    boolean deferUntilPortActive(final CmId id)
    {
        final boolean first = waitingForPort.isEmpty();
        waitingForPort.add(id);
        return first;
    }

    private void run()
    {
        while (running)
        {
            try
            {
                runTasks();
                final CmEvent event = channel.next(TICK_MILLIS);
                if (event != null)
                {
                    dispatch(event);
                }
                final long now = System.nanoTime();
                handlers.values().forEach(handler -> handler.onTick(now));
                resumeWaitingForPort(now, false);
            }
            catch (final RuntimeException ex)
            {
                LOGGER.error("Connection manager loop {} caught an unexpected failure; it keeps running",
                    thread.getName(), ex);
            }
        }
        runTasks();
        resumeWaitingForPort(System.nanoTime(), true);
        channel.close();
    }

    /** Every {@link #PORT_CHECK_MILLIS}, or at once when {@code force}: ids are destroyed before their channel. */
    private void resumeWaitingForPort(final long nowNanos, final boolean force)
    {
        if (waitingForPort.isEmpty() || !force && nowNanos - nextPortCheck < 0)
        {
            return;
        }
        nextPortCheck = nowNanos + TimeUnit.MILLISECONDS.toNanos(PORT_CHECK_MILLIS);
        waitingForPort.removeIf(id -> id.resumeDeferred(force));
        if (!force && waitingForPort.isEmpty())
        {
            LOGGER.info("{}: the port is ACTIVE again; the disconnects held back while it was not are sent",
                thread.getName());
        }
    }

    private void runTasks()
    {
        Runnable task;
        while ((task = tasks.poll()) != null)
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                LOGGER.error("A connection manager task failed", ex);
            }
        }
    }

    private void dispatch(final CmEvent event)
    {
        final long key = event.type() == CmEventType.CONNECT_REQUEST ? event.listenId() : event.id();
        final Handler handler = handlers.get(key);
        if (handler != null)
        {
            handler.onEvent(event);
        }
        else if (event.type() == CmEventType.CONNECT_REQUEST)
        {
            final CmId orphan = new CmId(this, new Pointer(event.id()));
            Rdmacm.rdma_reject(orphan.pointer(), null, (byte)0);
            orphan.close();
        }
        else if (LOGGER.isDebugEnabled())
        {
            LOGGER.debug("Ignoring {} for an id that is no longer open", event);
        }
    }

    /**
     * Runs {@code last} on the thread after what is queued, then stops the thread, which destroys the channel as it
     * ends: {@code last} closes the ids on the channel, on the thread that owns them, so no event handler or step
     * can use an id while it is destroyed, and none is destroyed after its channel. Waits for the thread, unless
     * called on it. Safe to call twice.
     */
    void close(final Runnable last)
    {
        synchronized (tasks)
        {
            if (!running)
            {
                return;
            }
            tasks.add(last);
            running = false;
        }
        if (inLoop())
        {
            return;
        }
        try
        {
            thread.join(STOP_TIMEOUT_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            LOGGER.error("Connection manager thread {} did not stop within {} ms; it closes its ids and channel when "
                + "it does", thread.getName(), STOP_TIMEOUT_MILLIS);
        }
    }

    /** Stops the thread, then destroys the channel; every id on it must be closed first. */
    @Override
    public void close()
    {
        close(() ->
        {
        });
    }
}

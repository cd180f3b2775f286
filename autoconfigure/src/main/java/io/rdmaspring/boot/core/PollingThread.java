package io.rdmaspring.boot.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rdmaspring.verbs.ConnectionState;
import io.rdmaspring.verbs.RdmaConnection;

/**
 * One thread that polls a set of connections and runs the tasks given to it, so handlers run and connections close
 * on the thread that polls them. When there is nothing to do it backs off from spinning to short parks.
 */
final class PollingThread implements AutoCloseable
{
    private static final Log logger = LogFactory.getLog(PollingThread.class);

    private final CopyOnWriteArrayList<RdmaConnection> connections = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    PollingThread(final String name)
    {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void add(final RdmaConnection connection)
    {
        connections.add(connection);
    }

    boolean isPollingThread()
    {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the polling thread, between polls. */
    void execute(final Runnable task)
    {
        tasks.add(task);
    }

    /** Closes {@code connection} gracefully on the polling thread; the future completes when it is closed. */
    CompletableFuture<Void> close(final RdmaConnection connection)
    {
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final Runnable task = () ->
        {
            try
            {
                connection.close();
                closed.complete(null);
            }
            catch (final RuntimeException ex)
            {
                closed.completeExceptionally(ex);
            }
            finally
            {
                connections.remove(connection);
            }
        };
        if (isPollingThread() || !running)
        {
            task.run();
        }
        else
        {
            execute(task);
        }
        return closed;
    }

    int size()
    {
        return connections.size();
    }

    private void run()
    {
        int idle = 0;
        while (running)
        {
            int work = runTasks();
            for (final RdmaConnection connection : connections)
            {
                work += poll(connection);
            }
            if (work > 0)
            {
                idle = 0;
            }
            else
            {
                Backoff.idle(idle++);
            }
        }
        runTasks();
    }

    private int runTasks()
    {
        int count = 0;
        Runnable task;
        while ((task = tasks.poll()) != null)
        {
            count++;
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                logger.error("A task on " + thread.getName() + " failed", ex);
            }
        }
        return count;
    }

    private int poll(final RdmaConnection connection)
    {
        try
        {
            final int count = connection.poll();
            final ConnectionState state = connection.state();
            if (state == ConnectionState.FAILED || state == ConnectionState.CLOSED)
            {
                connections.remove(connection);
                connection.close();
            }
            return count;
        }
        catch (final RuntimeException ex)
        {
            logger.error("Polling " + connection + " failed; closing it", ex);
            connections.remove(connection);
            connection.close();
            return 1;
        }
    }

    /** Closes every connection gracefully, then stops the thread; waits at most {@code timeoutMillis}. */
    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        for (final RdmaConnection connection : connections)
        {
            close(connection);
        }
        execute(() -> running = false);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        running = false;
    }
}

package io.rdmaspring.verbs.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class from the test classpath, with its stdout and stderr captured line by line.
 * Start one with {@link #of(Class)}; it can run as another user behind a command prefix (e.g. {@code setpriv}), after
 * shell commands (e.g. {@code ulimit -l 64}), and be killed with SIGKILL. Closing it kills it if it still runs.
 */
public final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private final Runnable cleanup;

    private ChildJvm(final Process process, final Runnable cleanup)
    {
        this.process = process;
        this.cleanup = cleanup;
        this.reader = new Thread(this::readOutput, "child-jvm-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** A builder for a child running {@code mainClass}. */
    public static ChildJvmBuilder of(final Class<?> mainClass)
    {
        return new ChildJvmBuilder(mainClass);
    }

    static ChildJvm start(final List<String> command, final Map<String, String> environment, final Path directory,
        final Runnable cleanup)
    {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
        builder.environment().putAll(environment);
        try
        {
            return new ChildJvm(builder.start(), cleanup);
        }
        catch (final IOException ex)
        {
            cleanup.run();
            throw new IllegalStateException("Cannot start " + command, ex);
        }
    }

    /** Waits until a line of output starts with {@code prefix} and returns the rest of it. */
    public String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines)
        {
            int seen = 0;
            while (true)
            {
                for (; seen < lines.size(); seen++)
                {
                    if (lines.get(seen).startsWith(prefix))
                    {
                        return lines.get(seen).substring(prefix.length());
                    }
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive())
                {
                    throw new AssertionError("The child JVM printed no line starting with '" + prefix + "' within "
                        + timeout + (reader.isAlive() ? "" : " before its output ended") + "; its output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for the child to exit and returns its exit status; kills it and fails if it takes longer. */
    public int awaitExit(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            kill();
            throw new AssertionError("The child JVM did not exit within " + timeout + " and was killed; its output:\n"
                + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Sends SIGKILL (kill -9) and waits until the process is gone. */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    public long pid()
    {
        return process.pid();
    }

    /** Everything it printed so far, stdout and stderr interleaved. */
    public String output()
    {
        synchronized (lines)
        {
            return String.join("\n", lines);
        }
    }

    private void readOutput()
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line = in.readLine(); line != null; line = in.readLine())
            {
                synchronized (lines)
                {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        }
        catch (final IOException ignored)
        {
            // The process was killed: the output ends here.
        }
        finally
        {
            synchronized (lines)
            {
                lines.notifyAll();
            }
        }
    }

    /** Kills the child if it still runs and deletes its working directory. */
    @Override
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        cleanup.run();
    }
}

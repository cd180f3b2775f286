package io.rdmaspring.verbs.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How to start a {@link ChildJvm}: arguments, a command prefix, shell commands to run first and the environment.
 * The command is {@code PREFIX... [bash -c 'SHELL; exec "$0" "$@"'] java -cp CLASSPATH MAIN ARGS...}.
 */
public final class ChildJvmBuilder
{
    /** The user {@code nobody}: no capabilities, so neither CAP_IPC_LOCK nor access to root-only files. */
    public static final int NOBODY = 65534;

    private final Class<?> mainClass;
    private final List<String> arguments = new ArrayList<>();
    private final List<String> prefix = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private String shell = "";
    private boolean foreignUser;

    ChildJvmBuilder(final Class<?> mainClass)
    {
        this.mainClass = mainClass;
    }

    public ChildJvmBuilder arguments(final String... values)
    {
        arguments.addAll(List.of(values));
        return this;
    }

    /** Words put before everything else, e.g. {@code unshare --mount}. */
    public ChildJvmBuilder prefix(final String... words)
    {
        prefix.addAll(List.of(words));
        return this;
    }

    /** Shell commands {@code bash} runs before it execs the JVM, e.g. {@code ulimit -l 64}; they must succeed. */
    public ChildJvmBuilder shell(final String commands)
    {
        shell = commands;
        return this;
    }

    /**
     * Runs the child as user and group {@code uid} without capabilities (needs root), with the classpath copied
     * where that user can read it: the Maven repository under /root is not readable by others.
     */
    public ChildJvmBuilder asUser(final int uid)
    {
        prefix("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all");
        foreignUser = true;
        return this;
    }

    public ChildJvmBuilder environment(final String name, final String value)
    {
        environment.put(name, value);
        return this;
    }

    /** Starts the child; its working directory, temporary files and copied classpath are deleted when it closes. */
    public ChildJvm start()
    {
        final Path work = createOpenDirectory(Path.of(System.getProperty("java.io.tmpdir")), "child-jvm");
        final Path tmp = work.resolve("tmp");
        createDirectory(tmp, "rwxrwxrwx");
        final List<String> command = new ArrayList<>(prefix);
        if (!shell.isEmpty())
        {
            command.addAll(List.of("bash", "-c", "set -e; " + shell + "; exec \"$0\" \"$@\""));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:-UsePerfData"));
        command.addAll(RdmaTestEnvironment.jvmOptions());
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-Djna.tmpdir=" + tmp, "-cp", classpath(work),
            mainClass.getName()));
        command.addAll(arguments);
        return ChildJvm.start(command, environment, work, () -> delete(work));
    }

    private String classpath(final Path work)
    {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (!foreignUser)
        {
            return classpath;
        }
        final List<String> copies = new ArrayList<>();
        createDirectory(work.resolve("cp"), "rwxr-xr-x");
        for (final String entry : classpath.split(File.pathSeparator))
        {
            final Path source = Path.of(entry);
            if (Files.exists(source))
            {
                final Path target = work.resolve("cp").resolve(copies.size() + "-" + source.getFileName());
                copy(source, target);
                copies.add(target.toString());
            }
        }
        return String.join(File.pathSeparator, copies);
    }

    private static void copy(final Path source, final Path target)
    {
        try (Stream<Path> files = Files.walk(source))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    createDirectory(copy, "rwxr-xr-x");
                }
                else
                {
                    Files.copy(file, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("Cannot copy " + source + " for the child JVM", ex);
        }
    }

    private static Path createOpenDirectory(final Path parent, final String prefix)
    {
        try
        {
            final Path directory = Files.createTempDirectory(parent, prefix);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            return directory;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("Cannot create a directory for the child JVM in " + parent, ex);
        }
    }

    private static void createDirectory(final Path directory, final String permissions)
    {
        try
        {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(permissions));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("Cannot create " + directory + " for the child JVM", ex);
        }
    }

    private static void delete(final Path directory)
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("Cannot delete " + directory, ex);
        }
    }
}

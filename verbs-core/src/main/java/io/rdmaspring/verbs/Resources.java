package io.rdmaspring.verbs;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The children a verbs object created and has not seen closed. Closing the parent closes them newest first, so
 * teardown runs in the reverse order of setup (queue pairs before completion queues before protection domains).
 */
final class Resources
{
    private final List<AutoCloseable> children = new ArrayList<>();

    synchronized <T extends AutoCloseable> T add(final T child)
    {
        children.add(child);
        return child;
    }

    synchronized void remove(final AutoCloseable child)
    {
        children.remove(child);
    }

    /** The open children that are of {@code type}, oldest first. */
    synchronized <T> List<T> ofType(final Class<T> type)
    {
        return children.stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized int size()
    {
        return children.size();
    }

    /**
     * Closes every child, newest first; the first failure is rethrown after all were tried. A child whose close
     * failed stays counted, so the parent does not claim to be free of what the kernel still holds.
     */
    void closeAll()
    {
        final List<AutoCloseable> snapshot;
        synchronized (this)
        {
            snapshot = new ArrayList<>(children);
        }
        RuntimeException failure = null;
        for (int i = snapshot.size() - 1; i >= 0; i--)
        {
            final AutoCloseable child = snapshot.get(i);
            try
            {
                child.close();
                remove(child);
            }
            catch (final Exception ex)
            {
                failure = merge(failure, ex);
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Closes each of {@code resources} that is not null, in order, all of them; then throws the first failure. */
    static void closeInOrder(final @Nullable AutoCloseable... resources)
    {
        RuntimeException failure = null;
        for (final AutoCloseable resource : resources)
        {
            try
            {
                if (resource != null)
                {
                    resource.close();
                }
            }
            catch (final Exception ex)
            {
                failure = merge(failure, ex);
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** The first failure, with {@code next} (if any) added to it as suppressed. */
    static @Nullable RuntimeException merge(final @Nullable RuntimeException failure, final @Nullable Exception next)
    {
        if (next == null)
        {
            return failure;
        }
        if (failure == null)
        {
            return next instanceof RuntimeException runtime ? runtime : new IllegalStateException(next);
        }
        failure.addSuppressed(next);
        return failure;
    }
}

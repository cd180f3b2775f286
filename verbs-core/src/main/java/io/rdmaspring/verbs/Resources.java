package io.rdmaspring.verbs;

import java.util.ArrayList;
import java.util.List;

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

    /** Closes every child, newest first; the first failure is rethrown after all were tried. */
    void closeAll()
    {
        final List<AutoCloseable> snapshot;
        synchronized (this)
        {
            snapshot = new ArrayList<>(children);
            children.clear();
        }
        RuntimeException failure = null;
        for (int i = snapshot.size() - 1; i >= 0; i--)
        {
            try
            {
                snapshot.get(i).close();
            }
            catch (final Exception ex)
            {
                if (failure == null)
                {
                    failure = ex instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex);
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}

package io.rdmaspring.verbs;

import java.util.List;

import com.sun.jna.Pointer;

/**
 * Chooses the {@link FastPath} of a context. This is the Java 17 version: JNA only. The multi-release jar carries a
 * Java 22 version of this class (src/main/java22) that chooses the Foreign Function &amp; Memory API by default.
 * {@code -Drdma.fastpath=jna|ffm} forces one, e.g. to compare them.
 */
final class FastPaths
{
    static final String PROPERTY = "rdma.fastpath";

    private FastPaths()
    {
    }

    /** The kinds {@link #create(Pointer, String)} accepts on this Java, the default first. */
    static List<String> available()
    {
        return List.of("jna");
    }

    /** The fast path {@link #PROPERTY} asks for, else the best one this Java has. */
    static FastPath create(final Pointer context)
    {
        return create(context, System.getProperty(PROPERTY, ""));
    }

    static FastPath create(final Pointer context, final String kind)
    {
        return switch (kind)
        {
            case "", "jna" -> new JnaFastPath(context);
            case "ffm" -> throw new IllegalStateException(PROPERTY + "=ffm needs Java 22 or later (the Foreign "
                + "Function & Memory API) and this jar's META-INF/versions/22; this is Java "
                + Runtime.version().feature() + ". Run on Java 22+ or use " + PROPERTY + "=jna.");
            default -> throw unknown(kind);
        };
    }

    static IllegalArgumentException unknown(final String kind)
    {
        return new IllegalArgumentException("Unknown " + PROPERTY + "=" + kind + "; use jna or ffm");
    }
}

package io.rdmaspring.verbs;

import java.util.List;

import com.sun.jna.Pointer;

/**
 * Chooses the {@link FastPath} of a context. This is the Java 22+ version from META-INF/versions/22 of the
 * multi-release jar: the Foreign Function &amp; Memory API by default, JNA with {@code -Drdma.fastpath=jna}
 * (e.g. to compare them). The Java 17 version in src/main/java offers JNA only.
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
        return List.of("ffm", "jna");
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
            case "", "ffm" -> new FfmFastPath(Pointer.nativeValue(context));
            case "jna" -> new JnaFastPath(context);
            default -> throw unknown(kind);
        };
    }

    static IllegalArgumentException unknown(final String kind)
    {
        return new IllegalArgumentException("Unknown " + PROPERTY + "=" + kind + "; use jna or ffm");
    }
}

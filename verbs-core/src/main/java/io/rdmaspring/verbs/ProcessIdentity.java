package io.rdmaspring.verbs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this process is, as far as device access and memory locking are concerned. */
final class ProcessIdentity
{
    private static final int CAP_IPC_LOCK = 14;

    private ProcessIdentity()
    {
    }

    static String uid()
    {
        return statusField("Uid:").split("\\s+")[0];
    }

    /** Whether the kernel lets this process pin memory beyond RLIMIT_MEMLOCK (CAP_IPC_LOCK in the effective set). */
    static boolean hasIpcLock()
    {
        final String capEff = statusField("CapEff:");
        return !capEff.isEmpty() && (Long.parseUnsignedLong(capEff, 16) & (1L << CAP_IPC_LOCK)) != 0;
    }

    private static String statusField(final String name)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith(name))
                {
                    return line.substring(name.length()).trim();
                }
            }
        }
        catch (final IOException ignored)
        {
            // Not Linux, or /proc not mounted: treat as unknown.
        }
        return "";
    }
}

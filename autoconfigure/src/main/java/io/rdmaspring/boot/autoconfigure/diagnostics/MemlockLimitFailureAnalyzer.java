package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.MemlockLimitException;

/**
 * Registering memory would exceed RLIMIT_MEMLOCK: says the limit and the bytes needed, in the KiB {@code ulimit -l}
 * uses, and how to raise it in a shell, limits.conf, systemd and docker.
 */
public final class MemlockLimitFailureAnalyzer extends AbstractFailureAnalyzer<MemlockLimitException>
{
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final MemlockLimitException cause)
    {
        final long limit = cause.limitBytes();
        final long required = cause.requiredBytes();
        final long requiredKib = (required + 1023) / 1024;
        final String description = "RDMA needs " + required + " bytes of pinned memory (" + requiredKib + " KiB), but "
            + "RLIMIT_MEMLOCK (`ulimit -l`) is " + limit + " bytes (" + limit / 1024 + " KiB): memory registered "
            + "with the device is pinned and counted against that limit.";
        final String action = "Raise the memlock limit to at least " + requiredKib + " KiB, or to unlimited:\n"
            + "\t- shell: `ulimit -l unlimited` (or `ulimit -l " + requiredKib + "`) before starting the JVM;\n"
            + "\t- login sessions: lines in /etc/security/limits.conf such as `* soft memlock unlimited` and "
            + "`* hard memlock unlimited`, then log in again;\n"
            + "\t- systemd service: LimitMEMLOCK=infinity in its [Service] section, then `systemctl daemon-reload`;\n"
            + "\t- docker: `docker run --ulimit memlock=-1 ...` (or --cap-add IPC_LOCK, which lifts the limit);\n"
            + "Or register less memory: lower rdma.max-message-size or the buffer counts under rdma.connection.";
        return new FailureAnalysis(description, action, cause);
    }
}

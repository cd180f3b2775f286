package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.MemlockLimitException;

import static org.assertj.core.api.Assertions.assertThat;

class MemlockLimitFailureAnalyzerTest
{
    @Test
    void shouldStateTheLimitAndTheBytesNeededInBytesAndKibAndEveryWayToRaiseIt()
    {
        final MemlockLimitException cause = new MemlockLimitException(65_536, 8_192, 1_048_576);

        final FailureAnalysis analysis = new MemlockLimitFailureAnalyzer()
            .analyze(new BeanCreationException("rdmaResources", cause));

        assertThat(analysis.getCause()).isSameAs(cause);
        assertThat(analysis.getDescription())
            .startsWith("RDMA needs 1056768 bytes of pinned memory (1032 KiB)")
            .contains("RLIMIT_MEMLOCK (`ulimit -l`) is 65536 bytes (64 KiB)");
        assertThat(analysis.getAction())
            .startsWith("Raise the memlock limit to at least 1032 KiB, or to unlimited")
            .contains("`ulimit -l unlimited` (or `ulimit -l 1032`)")
            .contains("/etc/security/limits.conf")
            .contains("LimitMEMLOCK=infinity")
            .contains("--ulimit memlock=-1")
            .contains("IPC_LOCK")
            .contains("rdma.max-message-size");
    }
}

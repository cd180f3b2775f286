package io.rdmaspring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.rdmaspring.boot.autoconfigure.diagnostics.DevicePermissionFailureAnalyzer;
import io.rdmaspring.boot.autoconfigure.diagnostics.MemlockLimitFailureAnalyzer;
import io.rdmaspring.boot.autoconfigure.diagnostics.PortNotActiveFailureAnalyzer;
import io.rdmaspring.boot.autoconfigure.diagnostics.RdmaUnavailableFailureAnalyzer;
import io.rdmaspring.boot.autoconfigure.health.RdmaHealthContributorAutoConfiguration;
import io.rdmaspring.boot.autoconfigure.metrics.RdmaMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** What Spring Boot finds in this jar's META-INF: the auto-configurations and the failure analyzers. */
class RdmaRegistrationTest
{
    @Test
    void shouldListTheOperationsAutoConfigurations()
    {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
            .contains(RdmaHealthContributorAutoConfiguration.class.getName(),
                RdmaMetricsAutoConfiguration.class.getName());
    }

    @Test
    void shouldRegisterTheFailureAnalyzers()
    {
        // Boot's own analyzers that want constructor arguments are skipped; this project's take none
        final SpringFactoriesLoader.FailureHandler skip = (type, implementation, failure) -> { };
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, null, skip))
            .extracting(analyzer -> analyzer.getClass().getName())
            .contains(RdmaUnavailableFailureAnalyzer.class.getName(), DevicePermissionFailureAnalyzer.class.getName(),
                MemlockLimitFailureAnalyzer.class.getName(), PortNotActiveFailureAnalyzer.class.getName());
    }
}

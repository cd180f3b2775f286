package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.PortNotActiveException;
import io.rdmaspring.verbs.PortState;

import static org.assertj.core.api.Assertions.assertThat;

class PortNotActiveFailureAnalyzerTest
{
    private final PortNotActiveFailureAnalyzer analyzer = new PortNotActiveFailureAnalyzer();

    @Test
    void shouldTellToBringUpTheNetdevBehindARocePort()
    {
        final PortNotActiveException cause = new PortNotActiveException("rxe0", 1, PortState.DOWN, "eth1");

        final FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("rdmaResources", cause));

        assertThat(analysis.getCause()).isSameAs(cause);
        assertThat(analysis.getDescription())
            .isEqualTo("Port 1 of RDMA device rxe0 (on netdev eth1) is DOWN, not ACTIVE, so it cannot carry traffic.");
        assertThat(analysis.getAction())
            .contains("`rdma link show rxe0/1`")
            .contains("`ip link set eth1 up`")
            .contains("`ip link show eth1`")
            .contains("rdma.port=<n>, rdma.device=<name>")
            .doesNotContain("subnet manager");
    }

    @Test
    void shouldPointAnInitializingInfinibandPortAtTheSubnetManager()
    {
        final FailureAnalysis analysis = analyzer.analyze(new PortNotActiveException("mlx5_0", 1, PortState.INIT));

        assertThat(analysis.getDescription()).startsWith("Port 1 of RDMA device mlx5_0 is INIT");
        assertThat(analysis.getAction())
            .contains("ip link set <netdev> up")
            .contains("subnet manager")
            .contains("opensm");
    }

    @Test
    void shouldPointADownInfinibandPortAtTheCable()
    {
        final FailureAnalysis analysis = analyzer.analyze(new PortNotActiveException("mlx5_0", 2, PortState.DOWN));

        assertThat(analysis.getAction())
            .contains("`rdma link show mlx5_0/2`")
            .contains("no physical link")
            .contains("ibstat")
            .doesNotContain("subnet manager");
    }
}

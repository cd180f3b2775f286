package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.RdmaUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

class RdmaUnavailableFailureAnalyzerTest
{
    private final RdmaUnavailableFailureAnalyzer analyzer = new RdmaUnavailableFailureAnalyzer();

    @Test
    void shouldCarryTheExceptionsOwnAdviceAndSayHowToCheckAndHowToStartWithoutRdma()
    {
        final RdmaUnavailableException cause = new RdmaUnavailableException("No RDMA device found (ibv_get_device_list "
            + "listed none). This kernel has no user-verbs support: `modprobe ib_uverbs`.");

        final FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("rdmaResources", cause));

        assertThat(analysis.getCause()).isSameAs(cause);
        assertThat(analysis.getDescription()).isEqualTo("RDMA is not available: " + cause.getMessage());
        assertThat(analysis.getAction())
            .contains("`rdma link show` and `ibv_devices`")
            .contains("rdma link add rxe0 type rxe netdev <netdev>")
            .contains("--device /dev/infiniband/uverbs0 --device /dev/infiniband/rdma_cm")
            .contains("rdma.device")
            .endsWith("spring.autoconfigure.exclude=io.rdmaspring.boot.autoconfigure.RdmaAutoConfiguration")
            .doesNotContain("apt-get install");
    }

    @Test
    void shouldSayWhatToInstallWhenTheLibraryCouldNotBeLoaded()
    {
        final RdmaUnavailableException cause = new RdmaUnavailableException("libibverbs (ibverbs) cannot be loaded",
            new UnsatisfiedLinkError("libibverbs.so.1: cannot open shared object file"));

        final FailureAnalysis analysis = analyzer.analyze(cause);

        assertThat(analysis.getAction())
            .contains("apt-get install libibverbs1 librdmacm1 ibverbs-providers")
            .contains("dnf install rdma-core");
    }
}

package io.rdmaspring.boot.autoconfigure.diagnostics;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.DevicePermissionException;

import static org.assertj.core.api.Assertions.assertThat;

class DevicePermissionFailureAnalyzerTest
{
    private static final String USER = System.getProperty("user.name");

    private final DevicePermissionFailureAnalyzer analyzer = new DevicePermissionFailureAnalyzer();

    @Test
    void shouldNameTheFileAndGiveTheUdevRuleAndGroupFix()
    {
        final DevicePermissionException cause = new DevicePermissionException("ibv_open_device", 13,
            Path.of("/dev/infiniband/uverbs0"));

        final FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("rdmaResources", cause));

        assertThat(analysis.getCause()).isSameAs(cause);
        assertThat(analysis.getDescription())
            .startsWith("ibv_open_device was denied the RDMA device file /dev/infiniband/uverbs0 (errno 13)")
            .contains("user " + USER);
        assertThat(analysis.getAction())
            .contains("`ls -l /dev/infiniband/uverbs0`")
            .contains("KERNEL==\"uverbs*\", SUBSYSTEM==\"infiniband_verbs\", MODE=\"0666\"")
            .contains("GROUP=\"rdma\", MODE=\"0660\"")
            .contains("`usermod -aG rdma " + USER + "`")
            .contains("udevadm control --reload && udevadm trigger")
            .contains("--device /dev/infiniband/uverbs0");
    }

    @Test
    void shouldMatchTheConnectionManagersFileByItsOwnName()
    {
        final DevicePermissionException cause = new DevicePermissionException("rdma_create_event_channel", 13,
            Path.of("/dev/infiniband/rdma_cm"));

        assertThat(analyzer.analyze(cause).getAction())
            .contains("KERNEL==\"rdma_cm\", MODE=\"0666\"")
            .doesNotContain("uverbs");
    }
}

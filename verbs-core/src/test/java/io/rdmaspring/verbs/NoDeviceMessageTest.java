package io.rdmaspring.verbs;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoDeviceMessageTest
{
    @Test
    void shouldSayTheUserSpaceDriversAreMissingWhenTheKernelHasDevicesAndFiles()
    {
        assertThat(Verbs.noDeviceMessage(List.of("mlx5_0", "rxe0"), true, true))
            .contains("The kernel has mlx5_0, rxe0 (/sys/class/infiniband)", "no user-space driver (provider)",
                "apt-get install ibverbs-providers", "dnf install rdma-core", "/etc/libibverbs.d");
    }

    @Test
    void shouldSayTheDeviceFilesAreMissingWhenAContainerWasNotGivenThem()
    {
        assertThat(Verbs.noDeviceMessage(List.of("rxe0"), true, false))
            .contains("The kernel has rxe0", "/dev/infiniband has no uverbs device files",
                "--device /dev/infiniband/uverbs0 --device /dev/infiniband/rdma_cm")
            .doesNotContain("ibverbs-providers");
    }

    @Test
    void shouldSayToLoadUserVerbsWhenTheKernelHasDevicesButNoUverbsModule()
    {
        assertThat(Verbs.noDeviceMessage(List.of("rxe0"), false, false))
            .contains("The kernel has rxe0", "modprobe ib_uverbs")
            .doesNotContain("ibverbs-providers");
    }

    @Test
    void shouldSayHowToCreateADeviceWhenTheKernelHasRdmaButNoDevice()
    {
        assertThat(Verbs.noDeviceMessage(List.of(), true, false))
            .contains("has RDMA support but no device", "rdma link add rxe0 type rxe netdev <netdev>");
    }

    @Test
    void shouldPointToAGuestWhenTheKernelHasNoRdma()
    {
        assertThat(Verbs.noDeviceMessage(List.of(), false, false))
            .contains("no user-verbs support", "CONFIG_INFINIBAND", "scripts/rxe-guest");
    }
}

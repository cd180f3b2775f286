package io.rdmaspring.verbs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortNotActiveExceptionTest
{
    @Test
    void shouldNameTheNetdevToBringUpWhenItIsKnown()
    {
        assertThat(new PortNotActiveException("rxe0", 1, PortState.DOWN, "eth1"))
            .hasMessageStartingWith("Port 1 of RDMA device rxe0 (on netdev eth1) is DOWN, not ACTIVE.")
            .hasMessageContaining("rdma link show rxe0/1")
            .hasMessageContaining("`ip link set eth1 up`")
            .extracting(PortNotActiveException::netdev).isEqualTo("eth1");
    }

    @Test
    void shouldGiveRoceAndInfinibandAdviceWhenNoNetdevIsKnown()
    {
        assertThat(new PortNotActiveException("mlx5_0", 2, PortState.INIT))
            .hasMessageStartingWith("Port 2 of RDMA device mlx5_0 is INIT, not ACTIVE.")
            .hasMessageContaining("ip link set <netdev> up")
            .hasMessageContaining("subnet manager")
            .extracting(PortNotActiveException::netdev).isNull();
    }
}

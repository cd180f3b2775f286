package io.rdmaspring.verbs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionConfigTest
{
    @Test
    void shouldCountThePinnedBytesOfAConnectionInWholePagesAsTheMemlockLimitDoes()
    {
        // 8 send and 8 receive buffers of a 64 KiB payload plus the largest frame header, and the credit word: in the
        // Soft-RoCE guest, the pinned bytes of a producer with these settings were 1126400 (275 pages).
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(69_910).sendBuffers(8).receiveBuffers(8)
            .conclude();

        assertThat(config.pinnedBytesPerConnection()).isEqualTo(137 * 4096 + 137 * 4096 + 4096).isEqualTo(1_126_400);
    }

    @Test
    void shouldNotRoundARegistrationThatFillsWholePages()
    {
        final ConnectionConfig config = new ConnectionConfig().maxMessageSize(4096).sendBuffers(4).receiveBuffers(2)
            .conclude();

        assertThat(config.pinnedBytesPerConnection()).isEqualTo(4 * 4096 + 2 * 4096 + 4096);
    }
}

package io.rdmaspring.verbs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuePairConfigTest
{
    /** Limits like a small HCA: 1024 work requests and 4 entries per queue. */
    private static final DeviceAttributes DEVICE =
        new DeviceAttributes("1.0", 1L, 1L << 40, 0, 0, 0, 64, 1024, 4, 64, 4096, 64, 64, 1);

    @Test
    void shouldAcceptTheDefaults()
    {
        final QueuePairConfig config = new QueuePairConfig();

        assertThat(config.conclude(DEVICE)).isSameAs(config);
        assertThat(config.sendQueueDepth()).isEqualTo(QueuePairConfig.DEFAULT_QUEUE_DEPTH);
        assertThat(config.receiveQueueDepth()).isEqualTo(QueuePairConfig.DEFAULT_QUEUE_DEPTH);
        assertThat(config.maxSendSge()).isOne();
        assertThat(config.maxReceiveSge()).isOne();
        assertThat(config.maxInlineData()).isZero();
        assertThat(config.signalEvery()).isOne();
    }

    @Test
    void shouldKeepWhatTheChainedSettersSet()
    {
        final QueuePairConfig config = new QueuePairConfig().sendQueueDepth(256).receiveQueueDepth(512)
            .maxSendSge(2).maxReceiveSge(3).maxInlineData(128).signalEvery(16).conclude(DEVICE);

        assertThat(config).hasToString("QueuePairConfig[sendQueueDepth=256, receiveQueueDepth=512, maxSendSge=2, "
            + "maxReceiveSge=3, maxInlineData=128, signalEvery=16]");
    }

    @Test
    void shouldNameTheValueBeyondTheDeviceLimit()
    {
        final QueuePairConfig config = new QueuePairConfig().receiveQueueDepth(2048);

        assertThatThrownBy(() -> config.conclude(DEVICE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("receiveQueueDepth is 2048 but must be at least 1 and at most 1024 (max_qp_wr of the device)");
    }

    @Test
    void shouldRejectMoreEntriesThanTheDeviceGathers()
    {
        assertThatThrownBy(() -> new QueuePairConfig().maxSendSge(5).conclude(DEVICE))
            .hasMessageContaining("maxSendSge is 5").hasMessageContaining("max_sge");
    }

    @Test
    void shouldRefuseToSignalLessOftenThanTheSendQueueHolds()
    {
        assertThatThrownBy(() -> new QueuePairConfig().sendQueueDepth(64).signalEvery(65).conclude(DEVICE))
            .hasMessageContaining("signalEvery is 65").hasMessageContaining("at most 64");
    }

    @Test
    void shouldRejectNegativeInlineData()
    {
        assertThatThrownBy(() -> new QueuePairConfig().maxInlineData(-1).conclude(DEVICE))
            .hasMessage("maxInlineData is -1 but must be at least 0");
    }
}

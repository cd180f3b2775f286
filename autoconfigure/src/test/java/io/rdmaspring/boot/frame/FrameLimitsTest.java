package io.rdmaspring.boot.frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FrameLimitsTest
{
    @Test
    void shouldSizeTheLongestFrame()
    {
        final FrameLimits limits = new FrameLimits(10, 4, 100, 1000);

        assertThat(limits.maxHeaderLength()).isEqualTo(FrameDescriptor.MIN_HEADER_LENGTH + 10 + 100);
        assertThat(limits.maxFrameLength()).isEqualTo(FrameDescriptor.MIN_HEADER_LENGTH + 10 + 100 + 1000);
    }

    @Test
    void shouldUseDefaultsAroundAPayloadLimit()
    {
        assertThat(FrameLimits.forPayload(5)).isEqualTo(new FrameLimits(FrameDescriptor.MAX_DESTINATION_LENGTH,
            FrameLimits.DEFAULT_MAX_HEADER_COUNT, FrameLimits.DEFAULT_MAX_HEADER_BYTES, 5));
    }

    @Test
    void shouldRejectADestinationLimitTheFormatCannotCarry()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new FrameLimits(256, 1, 1, 1))
            .withMessage("maxDestinationLength must be between 0 and 255 but was 256");
    }

    @Test
    void shouldRejectAHeaderLimitThatOverflowsTheHeaderLengthField()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new FrameLimits(255, 1, 65535, 1))
            .withMessage("maxHeaderBytes must be between 0 and 65257 but was 65535");
    }

    @Test
    void shouldRejectNegativeLimits()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new FrameLimits(1, 1, 1, -1))
            .withMessage("maxPayloadLength must be between 0 and " + FrameLimits.MAX_PAYLOAD_LENGTH + " but was -1");
    }
}

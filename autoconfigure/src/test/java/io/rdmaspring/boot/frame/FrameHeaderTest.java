package io.rdmaspring.boot.frame;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class FrameHeaderTest
{
    @Test
    void shouldTellTheKindOfFrameFromItsFlags()
    {
        assertThat(new FrameHeader(FrameFlags.REQUEST, 1, "q", Map.of()).isRequest()).isTrue();
        assertThat(new FrameHeader(FrameFlags.REPLY, 1, "", Map.of()).isReply()).isTrue();
        assertThat(new FrameHeader(FrameFlags.ERROR_REPLY, 1, "", Map.of()).isReply()).isTrue();
        assertThat(new FrameHeader(FrameFlags.ERROR_REPLY, 1, "", Map.of()).isErrorReply()).isTrue();
        assertThat(FrameHeader.oneWay("q").isRequest()).isFalse();
        assertThat(FrameHeader.oneWay("q").isReply()).isFalse();
    }

    @Test
    void shouldRejectInvalidFlags()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new FrameHeader(FrameFlags.REQUEST | FrameFlags.REPLY, 0, "q", Map.of()))
            .withMessage("flags 0x03 combine REQUEST|REPLY; a frame is at most one of REQUEST, REPLY and ERROR_REPLY");
    }

    @Test
    void shouldRejectADestinationTheFormatCannotCarry()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> FrameHeader.oneWay("ż".repeat(128)))
            .withMessageContaining("is 256 bytes of UTF-8; the frame format allows 255");
    }

    @Test
    void shouldCountTheBytesOfADestinationAtTheLimit()
    {
        assertThat(FrameHeader.oneWay("€".repeat(85)).destination()).hasSize(85); // 255 bytes: the most allowed
        assertThat(FrameHeader.oneWay("a".repeat(255)).destination()).hasSize(255);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> FrameHeader.oneWay("€".repeat(86)))
            .withMessageContaining("is 258 bytes of UTF-8; the frame format allows 255");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> FrameHeader.oneWay("a".repeat(256)))
            .withMessageContaining("is 256 bytes of UTF-8");
    }

    @Test
    void shouldRejectAnEmptyHeaderKey()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new FrameHeader(0, 0, "q", Map.of("", "v")))
            .withMessage("header keys must not be empty");
    }

    @Test
    void shouldRejectANullHeaderValue()
    {
        final Map<String, String> headers = new HashMap<>();
        headers.put("k", null);

        assertThatNullPointerException()
            .isThrownBy(() -> new FrameHeader(0, 0, "q", headers))
            .withMessage("header 'k' has no value");
    }

    @Test
    void shouldKeepItsOwnUnmodifiableCopyOfTheHeaders()
    {
        final Map<String, String> headers = new HashMap<>(Map.of("k", "v"));
        final FrameHeader header = new FrameHeader(0, 0, "q", headers);
        headers.put("other", "x");

        assertThat(header.headers()).containsOnlyKeys("k");
    }
}

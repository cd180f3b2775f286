package io.rdmaspring.boot.frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameFlagsTest
{
    @Test
    void shouldAcceptNoneOrExactlyOneKind()
    {
        assertThat(FrameFlags.isValid(FrameFlags.NONE)).isTrue();
        assertThat(FrameFlags.isValid(FrameFlags.REQUEST)).isTrue();
        assertThat(FrameFlags.isValid(FrameFlags.REPLY)).isTrue();
        assertThat(FrameFlags.isValid(FrameFlags.ERROR_REPLY)).isTrue();
    }

    @Test
    void shouldNameReservedBits()
    {
        assertThat(FrameFlags.problem(0x81)).isEqualTo("flags 0x81 set reserved bits 0x80");
    }

    @Test
    void shouldRejectValuesWiderThanAByte()
    {
        assertThat(FrameFlags.problem(0x100)).isEqualTo("flags 0x100 do not fit in one byte");
    }

    @Test
    void shouldDescribeFlagsByName()
    {
        assertThat(FrameFlags.describe(FrameFlags.NONE)).isEqualTo("NONE");
        assertThat(FrameFlags.describe(FrameFlags.REPLY | FrameFlags.ERROR_REPLY)).isEqualTo("REPLY|ERROR_REPLY");
        assertThat(FrameFlags.describe(0x11)).isEqualTo("REQUEST|0x10");
    }
}

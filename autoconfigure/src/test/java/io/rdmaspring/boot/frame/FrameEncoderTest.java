package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameEncoderTest
{
    private final FrameEncoder encoder = new FrameEncoder(Frames.LIMITS);
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);

    @Test
    void shouldReturnFrameLengthWhenTheFrameFitsExactly()
    {
        final FrameHeader header = new FrameHeader(FrameFlags.REQUEST, 1, "orders", Map.of("k", "v"));
        final int length = encoder.frameLength(header, 10);

        assertThat(encoder.encode(buffer, 100, length, header, ByteBuffer.allocate(10))).isEqualTo(length);
    }

    @Test
    void shouldRejectWriteWhenInsufficientSpace()
    {
        final FrameHeader header = FrameHeader.oneWay("orders");
        final int length = encoder.frameLength(header, 10);

        assertThat(encoder.encode(buffer, 0, length - 1, header, ByteBuffer.allocate(10)))
            .isEqualTo(FrameEncoder.INSUFFICIENT_CAPACITY);
        assertThat(buffer.array()).containsOnly(0);
    }

    @Test
    void shouldLeaveThePayloadPositionAlone()
    {
        final ByteBuffer payload = ByteBuffer.wrap(new byte[] {0, 1, 2, 3});
        payload.position(1);

        final int length = encoder.encode(buffer, 0, buffer.capacity(), FrameHeader.oneWay("p"), payload);

        assertThat(payload.position()).isEqualTo(1);
        assertThat(Frames.decode(buffer, 0, length).payload()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldLetTheCallerWriteThePayloadAfterTheHeader()
    {
        final int headerLength = encoder.encodeHeader(buffer, 8, 64, FrameHeader.oneWay("s"), 3);
        buffer.put(8 + headerLength, new byte[] {7, 8, 9});

        assertThat(Frames.decode(buffer, 8, headerLength + 3).payload()).containsExactly(7, 8, 9);
    }

    @Test
    void shouldReportInsufficientSpaceWhenTheHeaderFitsButThePayloadDoesNot()
    {
        final int headerLength = encoder.frameLength(FrameHeader.oneWay("s"), 0);

        assertThat(encoder.encodeHeader(buffer, 0, headerLength + 2, FrameHeader.oneWay("s"), 3))
            .isEqualTo(FrameEncoder.INSUFFICIENT_CAPACITY);
    }

    @Test
    void shouldRejectAPayloadOverTheLimit()
    {
        final ByteBuffer payload = ByteBuffer.allocate(Frames.LIMITS.maxPayloadLength() + 1);

        assertThatIllegalArgumentException()
            .isThrownBy(() -> encoder.encode(buffer, 0, buffer.capacity(), FrameHeader.oneWay("p"), payload))
            .withMessage("payload length 1025 exceeds the limit of 1024");
    }

    @Test
    void shouldRejectANegativePayloadLength()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> encoder.encodeHeader(buffer, 0, buffer.capacity(), FrameHeader.oneWay("p"), -1))
            .withMessage("payload length must not be negative but was -1");
    }

    @Test
    void shouldRejectADestinationOverTheConfiguredLimit()
    {
        final FrameHeader header = FrameHeader.oneWay("d".repeat(Frames.LIMITS.maxDestinationLength() + 1));

        assertThatIllegalArgumentException()
            .isThrownBy(() -> encoder.frameLength(header, 0))
            .withMessage("destination length 65 exceeds the limit of 64");
    }

    @Test
    void shouldRejectMoreHeadersThanTheLimit()
    {
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i <= Frames.LIMITS.maxHeaderCount(); i++)
        {
            headers.put("k" + i, "");
        }

        assertThatIllegalArgumentException()
            .isThrownBy(() -> encoder.frameLength(new FrameHeader(0, 0, "h", headers), 0))
            .withMessage("header count 9 exceeds the limit of 8");
    }

    @Test
    void shouldRejectAHeaderSectionOverTheLimit()
    {
        final FrameHeader header = new FrameHeader(0, 0, "h", Map.of("k", "v".repeat(252)));

        assertThatIllegalArgumentException()
            .isThrownBy(() -> encoder.frameLength(header, 0))
            .withMessage("header section length 257 exceeds the limit of 256");
    }

    @Test
    void shouldWriteEachDestinationThroughOneEncoder()
    {
        final String[] destinations = {"orders", "zamówienia", new String("orders"), "a\uD800b", "orders", "q"};
        final String[] written = {"orders", "zamówienia", "orders", "a?b", "orders", "q"};

        for (int i = 0; i < destinations.length; i++)
        {
            final FrameHeader header = new FrameHeader(FrameFlags.REPLY, i, destinations[i], Map.of());
            final int length = encoder.encode(buffer, 0, buffer.capacity(), header, ByteBuffer.wrap(new byte[] {1}));

            assertThat(length).isEqualTo(encoder.frameLength(header, 1));
            assertThat(Frames.decode(buffer, 0, length).header().destination()).isEqualTo(written[i]);
        }
    }

    @Test
    void shouldRejectADestinationOverTheLimitAfterWritingShortOnes()
    {
        encoder.encode(buffer, 0, buffer.capacity(), FrameHeader.oneWay("orders"), ByteBuffer.allocate(0));
        final FrameHeader header = FrameHeader.oneWay("ż".repeat(Frames.LIMITS.maxDestinationLength() / 2 + 1));

        assertThatIllegalArgumentException()
            .isThrownBy(() -> encoder.encode(buffer, 0, buffer.capacity(), header, ByteBuffer.allocate(0)))
            .withMessage("destination length 66 exceeds the limit of 64");
    }

    @Test
    void shouldRejectARegionOutsideTheBuffer()
    {
        assertThatThrownBy(() -> encoder.encode(buffer, 2000, 100, FrameHeader.oneWay("x"), ByteBuffer.allocate(0)))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }
}

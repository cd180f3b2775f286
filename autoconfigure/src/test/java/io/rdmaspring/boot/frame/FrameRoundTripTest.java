package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRoundTripTest
{
    static Stream<Arguments> shapes()
    {
        final Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < Frames.LIMITS.maxHeaderCount(); i++)
        {
            many.put("k" + i, "v" + i);
        }
        return Stream.of(
            Arguments.of("empty one-way", new FrameHeader(FrameFlags.NONE, 0, "", Map.of()), new byte[0]),
            Arguments.of("request", new FrameHeader(FrameFlags.REQUEST, 42, "orders", Map.of("a", "b")), bytes(10)),
            Arguments.of("reply", new FrameHeader(FrameFlags.REPLY, -1, "", Map.of()), bytes(1)),
            Arguments.of("error reply", new FrameHeader(FrameFlags.ERROR_REPLY, Long.MIN_VALUE, "x",
                Map.of("error", "boom")), "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8)),
            Arguments.of("max correlation id", new FrameHeader(FrameFlags.REQUEST, Long.MAX_VALUE, "q", Map.of()),
                bytes(3)),
            Arguments.of("longest destination", FrameHeader.oneWay("d".repeat(Frames.LIMITS.maxDestinationLength())),
                bytes(5)),
            Arguments.of("multi-byte destination", FrameHeader.oneWay("zamówienia/注文/\uD83D\uDE80"), bytes(2)),
            Arguments.of("most headers", new FrameHeader(FrameFlags.NONE, 7, "h", many), bytes(0)),
            Arguments.of("empty header value", new FrameHeader(FrameFlags.NONE, 7, "h", Map.of("empty", "")), bytes(4)),
            Arguments.of("unicode headers", new FrameHeader(FrameFlags.NONE, 7, "h",
                Map.of("ключ", "значение", "\uD83D\uDD11", "✓")), bytes(4)),
            Arguments.of("largest payload", FrameHeader.oneWay("big"), bytes(Frames.LIMITS.maxPayloadLength())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void shouldDecodeWhatWasEncoded(final String name, final FrameHeader header, final byte[] payload)
    {
        final Frames.Decoded decoded = Frames.decode(Frames.encode(header, payload));

        assertThat(decoded.header()).isEqualTo(header);
        assertThat(decoded.header().headers().keySet()).containsExactlyElementsOf(header.headers().keySet());
        assertThat(decoded.payload()).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void shouldRoundTripAtAnOffsetOfADirectBigEndianBuffer(final String name, final FrameHeader header,
        final byte[] payload)
    {
        final FrameEncoder encoder = new FrameEncoder(Frames.LIMITS);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.BIG_ENDIAN);
        final int offset = 13;

        final int length = encoder.encode(buffer, offset, buffer.capacity() - offset, header, ByteBuffer.wrap(payload));
        final Frames.Decoded decoded = Frames.decode(buffer, offset, length);

        assertThat(decoded).isEqualTo(new Frames.Decoded(header, payload));
        assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void shouldWriteTheDocumentedLittleEndianBytes()
    {
        final ByteBuffer frame = Frames.encode(
            new FrameHeader(FrameFlags.REQUEST, 0x0102030405060708L, "q", Map.of("k", "vv")), new byte[] {(byte)0xAB});

        assertThat(frame.array()).containsExactly(
            'R', 'D', 'M', 'A',
            1,
            FrameFlags.REQUEST,
            31, 0,
            8, 7, 6, 5, 4, 3, 2, 1,
            1, 'q',
            1, 0,
            1, 0, 'k', 2, 0, 'v', 'v',
            1, 0, 0, 0,
            (byte)0xAB);
    }

    @Test
    void shouldGiveAReadOnlyViewOfTheReceivedMemoryNotACopy()
    {
        final ByteBuffer frame = Frames.encode(FrameHeader.oneWay("v"), new byte[] {1, 2, 3});
        final ByteBuffer[] seen = new ByteBuffer[1];

        new FrameDecoder(Frames.LIMITS).decode(frame, 0, frame.capacity(), (header, payload) -> seen[0] = payload);
        frame.put(frame.capacity() - 1, (byte)9);

        assertThat(seen[0].isReadOnly()).isTrue();
        assertThat(seen[0].position()).isZero();
        assertThat(seen[0].remaining()).isEqualTo(3);
        assertThat(seen[0].get(2)).isEqualTo((byte)9);
    }

    private static byte[] bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return bytes;
    }
}

package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per way a frame can be malformed. The valid frame they start from is laid out as: destination "orders"
 * at 17, header count at 23, header #0 ("k" = "v") at 25, header #1 ("key2" = "value2") at 31, payload length at 45,
 * four payload bytes at 49; 53 bytes in all.
 */
class FrameDecoderTest
{
    private static final int HEADER_COUNT_AT = 23;
    private static final int HEADER_0_AT = 25;
    private static final int HEADER_1_AT = 31;
    private static final int PAYLOAD_LENGTH_AT = 45;
    private static final int FRAME_LENGTH = 53;

    private final ByteBuffer frame = validFrame();

    @Test
    void shouldDecodeTheUnmodifiedFrame()
    {
        assertThat(frame.capacity()).isEqualTo(FRAME_LENGTH);
        assertThat(Frames.decode(frame).header().destination()).isEqualTo("orders");
    }

    @Test
    void shouldRejectBadMagic()
    {
        frame.put(0, (byte)'X');

        assertMalformed(FrameField.MAGIC, 0, "bytes 58 44 4D 41 are not 52 44 4D 41 ('RDMA')");
    }

    @Test
    void shouldRejectAnUnknownVersion()
    {
        frame.put(FrameDescriptor.VERSION_OFFSET, (byte)2);

        assertMalformed(FrameField.VERSION, 4, "version 2 is not supported; this decoder reads version 1");
    }

    @Test
    void shouldRejectVersionZero()
    {
        frame.put(FrameDescriptor.VERSION_OFFSET, (byte)0);

        assertMalformed(FrameField.VERSION, 4, "version 0 is not supported; this decoder reads version 1");
    }

    @ParameterizedTest(name = "cut at {0}")
    @CsvSource({"0, MAGIC, 0, 4", "3, MAGIC, 0, 4", "4, VERSION, 4, 1", "5, FLAGS, 5, 1", "7, HEADER_LENGTH, 6, 2"})
    void shouldRejectARegionThatEndsInsideTheFixedFields(
        final int cut, final FrameField field, final int offset, final int size)
    {
        assertMalformed(frame, cut, Frames.LIMITS, field, offset,
            "needs " + size + " bytes but the region ends at offset " + cut + " (truncated frame)");
    }

    @Test
    void shouldRejectARegionThatEndsInsideTheHeader()
    {
        assertMalformed(frame, 20, Frames.LIMITS, FrameField.HEADER_LENGTH, 6,
            "49 bytes run past the end of the 20-byte region (truncated frame)");
    }

    @Test
    void shouldRejectAPayloadCutShort()
    {
        assertMalformed(frame, FRAME_LENGTH - 3, Frames.LIMITS, FrameField.PAYLOAD_LENGTH, PAYLOAD_LENGTH_AT,
            "4 bytes run past the end of the region, which has 1 after the header (truncated frame)");
    }

    @Test
    void shouldRejectReservedFlagBits()
    {
        frame.put(FrameDescriptor.FLAGS_OFFSET, (byte)0x41);

        assertMalformed(FrameField.FLAGS, 5, "flags 0x41 set reserved bits 0x40");
    }

    @Test
    void shouldRejectFlagsOfTwoKinds()
    {
        frame.put(FrameDescriptor.FLAGS_OFFSET, (byte)(FrameFlags.REPLY | FrameFlags.ERROR_REPLY));

        assertMalformed(FrameField.FLAGS, 5,
            "flags 0x06 combine REPLY|ERROR_REPLY; a frame is at most one of REQUEST, REPLY and ERROR_REPLY");
    }

    @Test
    void shouldRejectAHeaderLengthBelowTheSmallestHeader()
    {
        frame.putShort(FrameDescriptor.HEADER_LENGTH_OFFSET, (short)22);

        assertMalformed(FrameField.HEADER_LENGTH, 6, "22 bytes is less than the smallest header, 23");
    }

    @Test
    void shouldRejectAHeaderLengthOverTheConfiguredMaximum()
    {
        final ByteBuffer large = ByteBuffer.allocate(500).order(ByteOrder.LITTLE_ENDIAN).put(frame.rewind());
        large.putShort(FrameDescriptor.HEADER_LENGTH_OFFSET, (short)400);

        assertMalformed(large, large.capacity(), Frames.LIMITS, FrameField.HEADER_LENGTH, 6,
            "400 bytes exceed the configured maximum of 343");
    }

    @Test
    void shouldRejectAHeaderLengthThatDisagreesWithTheFields()
    {
        frame.putShort(HEADER_COUNT_AT, (short)1);

        assertMalformed(FrameField.HEADER_LENGTH, 6,
            "the fields end at offset 31 but the header length puts the payload length at 45");
    }

    @Test
    void shouldRejectADestinationRunningPastTheHeader()
    {
        frame.put(FrameDescriptor.DESTINATION_LENGTH_OFFSET, (byte)200);

        assertMalformed(FrameField.DESTINATION_LENGTH, 16, "200 bytes run past the header, which has room for 26");
    }

    @Test
    void shouldRejectADestinationOverTheConfiguredMaximum()
    {
        assertMalformed(frame, FRAME_LENGTH, new FrameLimits(3, 8, 256, 1024), FrameField.DESTINATION_LENGTH, 16,
            "6 bytes exceed the configured maximum of 3");
    }

    @Test
    void shouldDecodeEachDestinationOfFramesThroughOneDecoder()
    {
        final FrameDecoder decoder = new FrameDecoder(Frames.LIMITS);
        final List<String> destinations = new ArrayList<>();
        for (final String destination : List.of("orders", "orders", "ordery", "", "orders", "zamówienia", "orders"))
        {
            final ByteBuffer encoded = Frames.encode(FrameHeader.oneWay(destination), new byte[0]);
            decoder.decode(encoded, 0, encoded.capacity(), (header, payload) -> destinations.add(header.destination()));
        }

        assertThat(destinations).containsExactly("orders", "orders", "ordery", "", "orders", "zamówienia", "orders");
    }

    @Test
    void shouldRejectADestinationThatIsNotUtf8AfterAValidOneOfTheSameLength()
    {
        final FrameDecoder decoder = new FrameDecoder(Frames.LIMITS);
        decoder.decode(validFrame(), 0, FRAME_LENGTH, (h, p) -> { });
        frame.put(FrameDescriptor.DESTINATION_OFFSET + 5, (byte)0xFF);

        assertThatThrownBy(() -> decoder.decode(frame, 0, FRAME_LENGTH, (h, p) -> { }))
            .isInstanceOf(FrameDecodingException.class).hasMessageContaining("is not valid UTF-8");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FF, 17", "C0 80, 17", "ED A0 80, 17", "6F C3, 18", "6F 80, 18", "F4 90 80 80, 17"})
    void shouldRejectADestinationThatIsNotUtf8(final String bytes, final int badAt)
    {
        final String[] hex = bytes.split(" ");
        for (int i = 0; i < hex.length; i++)
        {
            frame.put(FrameDescriptor.DESTINATION_OFFSET + i, (byte)Integer.parseInt(hex[i], 16));
        }

        assertMalformed(FrameField.DESTINATION, 17, "is not valid UTF-8: malformed byte at offset " + badAt);
    }

    @Test
    void shouldRejectMoreHeadersThanTheConfiguredMaximum()
    {
        frame.putShort(HEADER_COUNT_AT, (short)9);

        assertMalformed(FrameField.HEADER_COUNT, HEADER_COUNT_AT, "9 headers exceed the configured maximum of 8");
    }

    @Test
    void shouldRejectAHeaderCountThatRunsPastTheHeader()
    {
        frame.putShort(HEADER_COUNT_AT, (short)3);

        assertMalformed(FrameField.HEADER_KEY_LENGTH, PAYLOAD_LENGTH_AT,
            "header #2 needs 2 bytes but the header ends at offset 45");
    }

    @Test
    void shouldRejectAKeyLengthRunningPastTheHeader()
    {
        frame.putShort(HEADER_0_AT, (short)100);

        assertMalformed(FrameField.HEADER_KEY_LENGTH, HEADER_0_AT,
            "header #0 declares 100 bytes, running past the end of the header at offset 45");
    }

    @Test
    void shouldRejectAValueLengthRunningPastTheHeader()
    {
        frame.putShort(HEADER_0_AT + 3, (short)0xFFFF);

        assertMalformed(FrameField.HEADER_VALUE_LENGTH, HEADER_0_AT + 3,
            "header #0 declares 65535 bytes, running past the end of the header at offset 45");
    }

    @Test
    void shouldRejectAHeaderSectionOverTheConfiguredMaximum()
    {
        assertMalformed(frame, FRAME_LENGTH, new FrameLimits(64, 8, 10, 1024), FrameField.HEADER_KEY_LENGTH,
            HEADER_1_AT, "header #1 declares 4 bytes, taking the header section to 12 bytes, over the configured maximum of 10");
    }

    @Test
    void shouldRejectAKeyThatIsNotUtf8()
    {
        frame.put(HEADER_0_AT + 2, (byte)0x80);

        assertMalformed(FrameField.HEADER_KEY, HEADER_0_AT + 2, "is not valid UTF-8: malformed byte at offset 27");
    }

    @Test
    void shouldRejectAValueThatIsNotUtf8()
    {
        frame.put(HEADER_1_AT + 8, (byte)0xC3);

        assertMalformed(FrameField.HEADER_VALUE, HEADER_1_AT + 8, "is not valid UTF-8: malformed byte at offset 39");
    }

    @Test
    void shouldRejectAnEmptyKey()
    {
        final ByteBuffer raw = RawFrame.of("q", new String[] {"", "v"}, 0);

        assertMalformed(raw, raw.capacity(), Frames.LIMITS, FrameField.HEADER_KEY, 22, "header #0 has an empty key");
    }

    @Test
    void shouldRejectARepeatedKey()
    {
        final ByteBuffer raw = RawFrame.of("q", new String[] {"k", "a", "k", "b"}, 0);

        assertMalformed(raw, raw.capacity(), Frames.LIMITS, FrameField.HEADER_KEY, 28,
            "header #1 repeats the key 'k'");
    }

    @Test
    void shouldRejectANegativePayloadLength()
    {
        frame.putInt(PAYLOAD_LENGTH_AT, -1);

        assertMalformed(FrameField.PAYLOAD_LENGTH, PAYLOAD_LENGTH_AT, "-1 is negative");
    }

    @Test
    void shouldRejectAPayloadOverTheConfiguredMaximum()
    {
        assertMalformed(frame, FRAME_LENGTH, new FrameLimits(64, 8, 256, 2), FrameField.PAYLOAD_LENGTH,
            PAYLOAD_LENGTH_AT, "4 bytes exceed the configured maximum of 2");
    }

    @Test
    void shouldRejectTrailingBytesAfterThePayload()
    {
        final ByteBuffer longer = ByteBuffer.allocate(FRAME_LENGTH + 2).put(frame.rewind());

        assertMalformed(longer, longer.capacity(), Frames.LIMITS, FrameField.PAYLOAD_LENGTH, PAYLOAD_LENGTH_AT,
            "4 bytes leave 2 trailing bytes in the region");
    }

    @Test
    void shouldRejectARegionOutsideTheBuffer()
    {
        assertThatThrownBy(() -> new FrameDecoder(Frames.LIMITS).decode(frame, 10, FRAME_LENGTH, (h, p) -> { }))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldLeaveTheBufferStateAlone()
    {
        frame.order(ByteOrder.BIG_ENDIAN).position(3).limit(FRAME_LENGTH);

        Frames.decode(frame, 0, FRAME_LENGTH);

        assertThat(frame.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(frame.position()).isEqualTo(3);
    }

    @Test
    void shouldKeepThePreambleOfAFrameRejectedBehindItSoTheSenderCanBeAnswered()
    {
        frame.putShort(HEADER_COUNT_AT, (short)9);

        assertThat(rejected(frame, FRAME_LENGTH).rejectedFrame())
            .isEqualTo(new RejectedFrame(FrameFlags.REQUEST, 5, "orders"));
    }

    @Test
    void shouldKeepThePreambleOfAFrameOfAnotherVersion()
    {
        frame.put(FrameDescriptor.VERSION_OFFSET, (byte)2);

        assertThat(rejected(frame, FRAME_LENGTH).rejectedFrame())
            .isEqualTo(new RejectedFrame(FrameFlags.REQUEST, 5, "orders"));
    }

    @Test
    void shouldLeaveTheDestinationEmptyWhenItDoesNotDecode()
    {
        frame.put(FrameDescriptor.DESTINATION_OFFSET, (byte)0xFF);

        assertThat(rejected(frame, FRAME_LENGTH).rejectedFrame())
            .isEqualTo(new RejectedFrame(FrameFlags.REQUEST, 5, ""));
    }

    @Test
    void shouldKeepThePreambleOfARegionThatEndsRightAfterIt()
    {
        assertThat(rejected(frame, FrameDescriptor.PREAMBLE_LENGTH).rejectedFrame())
            .isEqualTo(new RejectedFrame(FrameFlags.REQUEST, 5, ""));
    }

    @Test
    void shouldKeepNothingOfARegionShorterThanThePreamble()
    {
        assertThat(rejected(frame, FrameDescriptor.PREAMBLE_LENGTH - 1).rejectedFrame()).isNull();
    }

    @Test
    void shouldKeepNothingOfAFrameWithBadMagic()
    {
        frame.put(0, (byte)'X');

        assertThat(rejected(frame, FRAME_LENGTH).rejectedFrame()).isNull();
    }

    @Test
    void shouldMarkARejectedFrameThatClaimsToBeAReply()
    {
        frame.put(FrameDescriptor.FLAGS_OFFSET, (byte)(FrameFlags.REPLY | FrameFlags.REQUEST));

        final RejectedFrame rejected = rejected(frame, FRAME_LENGTH).rejectedFrame();

        assertThat(rejected).isNotNull();
        assertThat(rejected.claimsReply()).isTrue();
        assertThat(new RejectedFrame(0x08, 5, "").claimsReply()).isFalse();
    }

    private static FrameDecodingException rejected(final ByteBuffer buffer, final int length)
    {
        try
        {
            new FrameDecoder(Frames.LIMITS).decode(buffer, 0, length, (h, p) -> { });
        }
        catch (final FrameDecodingException ex)
        {
            return ex;
        }
        throw new AssertionError("the frame decoded");
    }

    private void assertMalformed(final FrameField field, final int offset, final String problem)
    {
        assertMalformed(frame, FRAME_LENGTH, Frames.LIMITS, field, offset, problem);
    }

    private static void assertMalformed(final ByteBuffer buffer, final int length, final FrameLimits limits,
        final FrameField field, final int offset, final String problem)
    {
        assertThatThrownBy(() -> new FrameDecoder(limits).decode(buffer, 0, length, (h, p) -> { }))
            .isInstanceOfSatisfying(FrameDecodingException.class, ex ->
            {
                assertThat(ex.field()).isEqualTo(field);
                assertThat(ex.offset()).isEqualTo(offset);
                assertThat(ex).hasMessage("Malformed frame: " + field.label() + " at offset " + offset + ": " + problem);
            });
    }

    private static ByteBuffer validFrame()
    {
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("k", "v");
        headers.put("key2", "value2");
        return Frames.encode(new FrameHeader(FrameFlags.REQUEST, 5, "orders", headers), new byte[] {1, 2, 3, 4})
            .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes frames the encoder refuses to write, such as an empty or repeated header key. */
    private static final class RawFrame
    {
        static ByteBuffer of(final String destination, final String[] keysAndValues, final int payloadLength)
        {
            final byte[] dest = destination.getBytes(StandardCharsets.UTF_8);
            int section = 0;
            for (final String text : keysAndValues)
            {
                section += 2 + text.getBytes(StandardCharsets.UTF_8).length;
            }
            final int headerLength = FrameDescriptor.headerLength(dest.length, section);
            final ByteBuffer buffer = ByteBuffer.allocate(headerLength + payloadLength).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(FrameDescriptor.MAGIC).put((byte)1).put((byte)0).putShort((short)headerLength).putLong(0)
                .put((byte)dest.length).put(dest).putShort((short)(keysAndValues.length / 2));
            for (final String text : keysAndValues)
            {
                final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                buffer.putShort((short)bytes.length).put(bytes);
            }
            return buffer.putInt(payloadLength).clear();
        }
    }
}

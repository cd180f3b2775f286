package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes random and mutated frames. Each must either decode or throw {@link FrameDecodingException}; any other
 * exception fails the test. Every frame is decoded twice: from a buffer exactly its size, where a read outside the
 * region would throw {@link IndexOutOfBoundsException}, and embedded between random bytes, where the outcome must be
 * the same. The seed is printed; rerun one with {@code -Drdma.fuzz.seed=N}.
 */
class FrameFuzzTest
{
    private static final int CASES = 120_000;
    private static final FrameLimits LIMITS = new FrameLimits(64, 8, 1024, 512);
    private static final String[] TOKENS = {"a", "b", "z", "/", ".", "ż", "注", "\uD83D\uDE80"};
    private static final int[] INTERESTING = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, -1,
        Integer.MAX_VALUE, Integer.MIN_VALUE};

    private final FrameEncoder encoder = new FrameEncoder(LIMITS);
    private final FrameDecoder decoder = new FrameDecoder(LIMITS);
    private final Map<FrameField, Integer> rejections = new EnumMap<>(FrameField.class);
    private int decoded;
    private int answerable;
    private int answeredNever;

    @Test
    void shouldDecodeOrRejectEveryFrameWithoutReadingOutsideTheRegion()
    {
        final long seed = Long.getLong("rdma.fuzz.seed", System.nanoTime());
        System.out.println("FrameFuzzTest seed " + seed + " (rerun with -Drdma.fuzz.seed=" + seed + ")");
        final Random random = new Random(seed);

        for (int i = 0; i < CASES; i++)
        {
            final FrameHeader header = randomHeader(random);
            final byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(LIMITS.maxPayloadLength() + 1)
                : random.nextInt(16)];
            random.nextBytes(payload);
            final byte[] valid = encode(header, payload);
            final int mutations = random.nextInt(4);
            byte[] bytes = valid;
            for (int m = 0; m < mutations; m++)
            {
                bytes = mutate(random, bytes);
            }
            final byte[] frame = bytes;
            final int index = i;
            final Supplier<String> context =
                () -> "seed " + seed + ", case " + index + ", frame " + HexFormat.of().formatHex(frame);
            final Object exact = outcome(ByteBuffer.wrap(bytes), 0, bytes.length, context);
            final int before = random.nextInt(24);
            final Object embedded = outcome(embed(random, bytes, before), before, bytes.length, context);
            if (!embedded.equals(exact))
            {
                throw new AssertionError("embedded outcome " + embedded + " differs from " + exact + " (" + context.get() + ")");
            }
            check(mutations > 0 || exact.equals(new Frames.Decoded(header, payload)), context, "round trip failed");
        }

        System.out.println("FrameFuzzTest (two decodes a frame) decoded " + decoded + ", rejected " + rejections
            + "; of the rejected, " + answerable + " could be answered, " + answeredNever + " claimed to be replies");
        assertThat(decoded).isGreaterThan(CASES / 5);
        assertThat(rejections).as("every check was reached").containsOnlyKeys(FrameField.values());
        assertThat(answerable).as("rejected frames with a readable preamble").isGreaterThan(CASES / 10);
    }

    private Object outcome(final ByteBuffer buffer, final int offset, final int length, final Supplier<String> context)
    {
        final List<Object> frames = new ArrayList<>(1);
        try
        {
            decoder.decode(buffer, offset, length, (header, payload) ->
            {
                check(payload.isReadOnly(), context, "payload view is writable");
                frames.add(Frames.Decoded.of(header, payload));
            });
        }
        catch (final FrameDecodingException ex)
        {
            check(ex.offset() >= 0 && ex.offset() <= length, context, "offset outside the frame");
            checkRejectedFrame(ex.rejectedFrame(), buffer, offset, length, context);
            rejections.merge(ex.field(), 1, Integer::sum);
            return ex.getMessage();
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError("Not a FrameDecodingException: " + context.get(), ex);
        }
        check(frames.size() == 1, context, "handler called " + frames.size() + " times");
        decoded++;
        return frames.get(0);
    }

    /** The preamble is kept exactly when the region holds it and starts with the magic, and is what was sent. */
    private void checkRejectedFrame(final RejectedFrame rejected, final ByteBuffer buffer, final int offset,
        final int length, final Supplier<String> context)
    {
        final ByteBuffer frame = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final boolean readable = length >= FrameDescriptor.PREAMBLE_LENGTH
            && frame.getInt(offset) == FrameDescriptor.MAGIC;
        check((rejected != null) == readable, context, "preamble kept: " + rejected + ", readable: " + readable);
        if (rejected != null)
        {
            check(rejected.correlationId() == frame.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET)
                && rejected.flags() == (frame.get(offset + FrameDescriptor.FLAGS_OFFSET) & 0xFF)
                && Utf8.encodedLength(rejected.destination()) <= LIMITS.maxDestinationLength(), context,
                "preamble misread: " + rejected);
            if (rejected.claimsReply())
            {
                answeredNever++;
            }
            else
            {
                answerable++;
            }
        }
    }

    private static void check(final boolean condition, final Supplier<String> context, final String problem)
    {
        if (!condition)
        {
            throw new AssertionError(problem + " (" + context.get() + ")");
        }
    }

    private byte[] encode(final FrameHeader header, final byte[] payload)
    {
        final byte[] bytes = new byte[encoder.frameLength(header, payload.length)];
        encoder.encode(ByteBuffer.wrap(bytes), 0, bytes.length, header, ByteBuffer.wrap(payload));
        return bytes;
    }

    private static ByteBuffer embed(final Random random, final byte[] bytes, final int before)
    {
        final byte[] garbage = new byte[before + bytes.length + random.nextInt(24)];
        random.nextBytes(garbage);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(garbage.length).put(garbage);
        return buffer.put(before, bytes).order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] mutate(final Random random, final byte[] bytes)
    {
        final byte[] copy = bytes.clone();
        switch (copy.length == 0 ? 5 : random.nextInt(6))
        {
            case 0 -> copy[random.nextInt(copy.length)] ^= (byte)(1 << random.nextInt(8));
            case 1 -> writeInteresting(random, copy, lengthFieldOffset(random, copy));
            case 2 -> writeInteresting(random, copy, random.nextInt(copy.length));
            case 3 ->
            {
                return Arrays.copyOf(copy, random.nextInt(copy.length));
            }
            case 4 ->
            {
                return Arrays.copyOf(copy, copy.length + 1 + random.nextInt(8));
            }
            default ->
            {
                return noise(random);
            }
        }
        return copy;
    }

    private static byte[] noise(final Random random)
    {
        final byte[] noise = new byte[random.nextInt(64)];
        random.nextBytes(noise);
        if (noise.length >= 5 && random.nextBoolean())
        {
            ByteBuffer.wrap(noise).order(ByteOrder.LITTLE_ENDIAN).putInt(FrameDescriptor.MAGIC).put((byte)1);
        }
        return noise;
    }

    private static void writeInteresting(final Random random, final byte[] bytes, final int at)
    {
        final int value = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : random.nextInt();
        final int size = 1 << random.nextInt(3);
        for (int i = 0; i < size && at + i < bytes.length; i++)
        {
            bytes[at + i] = (byte)(value >>> 8 * i);
        }
    }

    /** The offset of one of the frame's length fields, found by walking it as if it were valid. */
    private static int lengthFieldOffset(final Random random, final byte[] bytes)
    {
        final ByteBuffer frame = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final List<Integer> offsets = new ArrayList<>(List.of(FrameDescriptor.HEADER_LENGTH_OFFSET,
            FrameDescriptor.DESTINATION_LENGTH_OFFSET));
        if (bytes.length > FrameDescriptor.DESTINATION_LENGTH_OFFSET)
        {
            int at = FrameDescriptor.headerCountOffset(frame.get(FrameDescriptor.DESTINATION_LENGTH_OFFSET) & 0xFF);
            final int strings = at + 2 <= bytes.length ? 2 * (frame.getShort(at) & 0xFFFF) : 0;
            offsets.add(at);
            at += 2;
            for (int i = 0; i < strings && at + 2 <= bytes.length; i++)
            {
                offsets.add(at);
                at += 2 + (frame.getShort(at) & 0xFFFF);
            }
            offsets.add(at);
        }
        return Math.min(offsets.get(random.nextInt(offsets.size())), bytes.length - 1);
    }

    private static FrameHeader randomHeader(final Random random)
    {
        final int[] kinds = {FrameFlags.NONE, FrameFlags.REQUEST, FrameFlags.REPLY, FrameFlags.ERROR_REPLY};
        final Map<String, String> headers = new LinkedHashMap<>();
        final int count = random.nextInt(LIMITS.maxHeaderCount() + 1);
        for (int i = 0; i < count; i++)
        {
            headers.put(text(random, 1 + random.nextInt(6)), text(random, random.nextInt(9)));
        }
        return new FrameHeader(kinds[random.nextInt(kinds.length)], random.nextLong(), text(random, random.nextInt(13)),
            headers);
    }

    private static String text(final Random random, final int tokens)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens; i++)
        {
            text.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return text.toString();
    }
}

package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
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
        final FrameMutations mutations = new FrameMutations(random, LIMITS);

        for (int i = 0; i < CASES; i++)
        {
            final FrameHeader header = mutations.randomHeader();
            final byte[] payload = mutations.randomPayload();
            final byte[] valid = mutations.encode(header, payload);
            final int mutated = random.nextInt(4);
            byte[] bytes = valid;
            for (int m = 0; m < mutated; m++)
            {
                bytes = mutations.mutate(bytes);
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
            check(mutated > 0 || exact.equals(new Frames.Decoded(header, payload)), context, "round trip failed");
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

    private static ByteBuffer embed(final Random random, final byte[] bytes, final int before)
    {
        final byte[] garbage = new byte[before + bytes.length + random.nextInt(24)];
        random.nextBytes(garbage);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(garbage.length).put(garbage);
        return buffer.put(before, bytes).order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }
}

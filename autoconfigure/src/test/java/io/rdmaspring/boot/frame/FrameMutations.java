package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fuzzing input: valid frames of every kind under some limits, and mutations of them (bit flips, interesting values
 * in length fields and anywhere, truncation, trailing bytes, noise with or without the magic). Everything comes from
 * the given {@link Random}, so a seed reproduces a run.
 */
public final class FrameMutations
{
    private static final String[] TOKENS = {"a", "b", "z", "/", ".", "ż", "注", "\uD83D\uDE80"};
    private static final int[] INTERESTING = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, -1,
        Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int[] KINDS = {FrameFlags.NONE, FrameFlags.REQUEST, FrameFlags.REPLY, FrameFlags.ERROR_REPLY};

    private final Random random;
    private final FrameLimits limits;
    private final FrameEncoder encoder;

    public FrameMutations(final Random random, final FrameLimits limits)
    {
        this.random = random;
        this.limits = limits;
        this.encoder = new FrameEncoder(limits);
    }

    /** A header of any kind within the limits; destinations are made of tokens no real destination uses. */
    public FrameHeader randomHeader()
    {
        final Map<String, String> headers = new LinkedHashMap<>();
        final int count = random.nextInt(Math.min(limits.maxHeaderCount(), 8) + 1);
        for (int i = 0; i < count; i++)
        {
            headers.put(text(1 + random.nextInt(6)), text(random.nextInt(9)));
        }
        return new FrameHeader(KINDS[random.nextInt(KINDS.length)], random.nextLong(), text(random.nextInt(13)),
            headers);
    }

    /** Mostly a few bytes; a quarter of the time up to the payload limit (at most 512 bytes). */
    public byte[] randomPayload()
    {
        final int longest = Math.min(limits.maxPayloadLength(), 512);
        final byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(longest + 1) : random.nextInt(16)];
        random.nextBytes(payload);
        return payload;
    }

    public byte[] encode(final FrameHeader header, final byte[] payload)
    {
        final byte[] bytes = new byte[encoder.frameLength(header, payload.length)];
        encoder.encode(ByteBuffer.wrap(bytes), 0, bytes.length, header, ByteBuffer.wrap(payload));
        return bytes;
    }

    /** One mutation of {@code bytes}, as a new array. */
    public byte[] mutate(final byte[] bytes)
    {
        final byte[] copy = bytes.clone();
        switch (copy.length == 0 ? 5 : random.nextInt(6))
        {
            case 0 -> copy[random.nextInt(copy.length)] ^= (byte)(1 << random.nextInt(8));
            case 1 -> writeInteresting(copy, lengthFieldOffset(copy));
            case 2 -> writeInteresting(copy, random.nextInt(copy.length));
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
                return noise();
            }
        }
        return copy;
    }

    private byte[] noise()
    {
        final byte[] noise = new byte[random.nextInt(64)];
        random.nextBytes(noise);
        if (noise.length >= 5 && random.nextBoolean())
        {
            ByteBuffer.wrap(noise).order(ByteOrder.LITTLE_ENDIAN).putInt(FrameDescriptor.MAGIC).put((byte)1);
        }
        return noise;
    }

    private void writeInteresting(final byte[] bytes, final int at)
    {
        final int value = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : random.nextInt();
        final int size = 1 << random.nextInt(3);
        for (int i = 0; i < size && at + i < bytes.length; i++)
        {
            bytes[at + i] = (byte)(value >>> 8 * i);
        }
    }

    /** The offset of one of the frame's length fields, found by walking it as if it were valid. */
    private int lengthFieldOffset(final byte[] bytes)
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

    private String text(final int tokens)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens; i++)
        {
            text.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return text.toString();
    }
}

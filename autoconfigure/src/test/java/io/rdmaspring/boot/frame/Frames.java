package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds frames for tests and collects what a decoder hands over. */
final class Frames
{
    static final FrameLimits LIMITS = new FrameLimits(64, 8, 256, 1024);

    private Frames()
    {
    }

    /** An exact-size heap buffer holding the encoded frame, so any read past it throws. */
    static ByteBuffer encode(final FrameHeader header, final byte[] payload)
    {
        final FrameEncoder encoder = new FrameEncoder(LIMITS);
        final ByteBuffer buffer = ByteBuffer.allocate(encoder.frameLength(header, payload.length));
        final int written = encoder.encode(buffer, 0, buffer.capacity(), header, ByteBuffer.wrap(payload));
        assertThat(written).isEqualTo(buffer.capacity());
        return buffer;
    }

    static Decoded decode(final ByteBuffer buffer, final int offset, final int length)
    {
        final List<Decoded> frames = new ArrayList<>();
        new FrameDecoder(LIMITS).decode(buffer, offset, length, (header, payload) -> frames.add(Decoded.of(header, payload)));
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    static Decoded decode(final ByteBuffer buffer)
    {
        return decode(buffer, 0, buffer.capacity());
    }

    /** A decoded frame with its payload copied out of the view. */
    record Decoded(FrameHeader header, byte[] payload)
    {
        static Decoded of(final FrameHeader header, final ByteBuffer view)
        {
            final byte[] copy = new byte[view.remaining()];
            view.duplicate().get(copy);
            return new Decoded(header, copy);
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Decoded that && header.equals(that.header)
                && Arrays.equals(payload, that.payload);
        }

        @Override
        public int hashCode()
        {
            return header.hashCode() * 31 + Arrays.hashCode(payload);
        }
    }
}

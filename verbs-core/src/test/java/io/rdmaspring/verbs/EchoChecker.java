package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import static io.rdmaspring.verbs.RdmaConnectionTest.PatternChecker.expected;

/**
 * The client side of an exchange with {@link EchoServer}: sends pattern messages of planned sizes and checks that
 * each comes back, in order, byte for byte. Remembers how the connection ended.
 */
final class EchoChecker implements MessageHandler
{
    /** Sent but not yet echoed messages the sender allows before it polls. */
    private static final int WINDOW = 64;

    final List<String> errors = new CopyOnWriteArrayList<>();
    final CompletableFuture<@Nullable Throwable> closed = new CompletableFuture<>();
    private final int[] sizes;
    private volatile long echoed;
    private volatile long acknowledgedAtClose = -1;

    EchoChecker(final int[] sizes)
    {
        this.sizes = sizes;
    }

    /** {@code count} sizes from 1 B to 64 KiB, spread evenly over the powers of two; the first two are the extremes. */
    static int[] mixedSizes(final int count, final long seed)
    {
        final Random random = new Random(seed);
        final int[] sizes = new int[count];
        for (int i = 0; i < count; i++)
        {
            sizes[i] = i == 0 ? 1 : i == 1 ? 64 * 1024 : 1 + random.nextInt(1 << random.nextInt(17));
        }
        return sizes;
    }

    /**
     * Sends message {@code connection.sent() + 1} if fewer than {@link #WINDOW} await their echo; returns what
     * {@link RdmaConnection#send} returned, or {@link RdmaConnection#BACK_PRESSURED}.
     */
    long trySend(final RdmaConnection connection)
    {
        final long sequence = connection.sent() + 1;
        if (sequence - echoed > WINDOW)
        {
            return RdmaConnection.BACK_PRESSURED;
        }
        final int slot = connection.acquire();
        if (slot < 0)
        {
            return slot;
        }
        final int size = sizes[(int)(sequence - 1)];
        RdmaConnectionTest.writePattern(connection.sendBuffer(), connection.sendOffset(slot), size, sequence);
        final long result = connection.send(slot, size);
        if (result < 0)
        {
            connection.release(slot);
        }
        return result;
    }

    @Override
    public void onMessage(final RdmaConnection connection, final ByteBuffer buffer, final int offset, final int length)
    {
        final long sequence = echoed + 1;
        final int size = sequence <= sizes.length ? sizes[(int)(sequence - 1)] : -1;
        if (length != size)
        {
            errors.add("echo " + sequence + " has " + length + " bytes, not " + size);
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.get(offset + i) != expected(sequence, length, i))
            {
                errors.add("echo " + sequence + " of " + length + " bytes differs at byte " + i);
                break;
            }
        }
        echoed = sequence;
    }

    @Override
    public void onClosed(final RdmaConnection connection, final @Nullable Throwable cause, final long acknowledged)
    {
        acknowledgedAtClose = acknowledged;
        closed.complete(cause);
    }

    long echoed()
    {
        return echoed;
    }

    long acknowledgedAtClose()
    {
        return acknowledgedAtClose;
    }
}

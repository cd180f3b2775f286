package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Off-heap memory for the flyweights of the data path: allocated once, zeroed, cache-line aligned, in native byte
 * order, freed by the garbage collector with its buffer.
 */
final class NativeMemory
{
    static final int CACHE_LINE = 64;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private NativeMemory()
    {
    }

    /** At least {@code bytes} of zeroed direct memory starting on a cache line. */
    static ByteBuffer allocate(final int bytes)
    {
        final int rounded = (bytes + CACHE_LINE - 1) & -CACHE_LINE;
        return ByteBuffer.allocateDirect(rounded + CACHE_LINE).alignedSlice(CACHE_LINE).order(ByteOrder.nativeOrder());
    }

    /** The address of the first byte of the direct {@code buffer}. */
    static long address(final ByteBuffer buffer)
    {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    /** Converts between host order and the network (big-endian) order of {@code imm_data}; its own inverse. */
    static int networkOrder(final int value)
    {
        return LITTLE_ENDIAN ? Integer.reverseBytes(value) : value;
    }
}

package io.rdmaspring.boot.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute little-endian access to a buffer whatever its own byte order, without taking a duplicate: the frame
 * codec must not depend on, nor change, the order of a caller's buffer.
 */
final class LittleEndian
{
    private LittleEndian()
    {
    }

    static int getUnsignedByte(final ByteBuffer buffer, final int index)
    {
        return buffer.get(index) & 0xFF;
    }

    static int getUnsignedShort(final ByteBuffer buffer, final int index)
    {
        final short value = buffer.getShort(index);
        return (isLittle(buffer) ? value : Short.reverseBytes(value)) & 0xFFFF;
    }

    static int getInt(final ByteBuffer buffer, final int index)
    {
        final int value = buffer.getInt(index);
        return isLittle(buffer) ? value : Integer.reverseBytes(value);
    }

    static long getLong(final ByteBuffer buffer, final int index)
    {
        final long value = buffer.getLong(index);
        return isLittle(buffer) ? value : Long.reverseBytes(value);
    }

    static void putShort(final ByteBuffer buffer, final int index, final int value)
    {
        buffer.putShort(index, isLittle(buffer) ? (short)value : Short.reverseBytes((short)value));
    }

    static void putInt(final ByteBuffer buffer, final int index, final int value)
    {
        buffer.putInt(index, isLittle(buffer) ? value : Integer.reverseBytes(value));
    }

    static void putLong(final ByteBuffer buffer, final int index, final long value)
    {
        buffer.putLong(index, isLittle(buffer) ? value : Long.reverseBytes(value));
    }

    private static boolean isLittle(final ByteBuffer buffer)
    {
        return buffer.order() == ByteOrder.LITTLE_ENDIAN;
    }
}

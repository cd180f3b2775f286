package io.rdmaspring.verbs;

/**
 * Layout of {@code struct pollfd} for {@code poll(2)}, which waits on a completion channel with a timeout.
 * <pre>
 *   0      4        6         8
 *   +------+--------+---------+
 *   | fd   | events | revents |
 *   | (int)| (short)| (short) |
 *   +------+--------+---------+
 * </pre>
 */
@NativeStruct("struct pollfd")
final class PollFdDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 8;
    @NativeField("fd")
    static final int FD_OFFSET = 0;
    @NativeField("events")
    static final int EVENTS_OFFSET = 4;
    @NativeField("revents")
    static final int REVENTS_OFFSET = 6;

    @NativeConstant("POLLIN")
    static final short POLLIN = 1;

    private PollFdDescriptor()
    {
    }
}

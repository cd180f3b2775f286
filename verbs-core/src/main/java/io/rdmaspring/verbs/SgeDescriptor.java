package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_sge}, one scatter/gather entry: a piece of registered memory a work request reads or
 * fills.
 * <pre>
 *   0        8          12     16
 *   +--------+----------+------+
 *   | addr   | length   | lkey |
 *   | (u64)  | (u32)    | (u32)|
 *   +--------+----------+------+
 * </pre>
 */
@NativeStruct("struct ibv_sge")
final class SgeDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 16;
    @NativeField("addr")
    static final int ADDR_OFFSET = 0;
    @NativeField("length")
    static final int LENGTH_OFFSET = 8;
    @NativeField("lkey")
    static final int LKEY_OFFSET = 12;

    private SgeDescriptor()
    {
    }
}

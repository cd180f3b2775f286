package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_mr}, returned by {@code ibv_reg_mr}.
 * <pre>
 *   0           8      16     24       32       36     40
 *   +-----------+------+------+--------+--------+------+------+
 *   | context * | pd * | addr | length | handle | lkey | rkey |
 *   +-----------+------+------+--------+--------+------+------+
 * </pre>
 */
@NativeStruct("struct ibv_mr")
final class MrDescriptor
{
    @NativeField("addr")
    static final int ADDR_OFFSET = 16;
    @NativeField("length")
    static final int LENGTH_OFFSET = 24;
    @NativeField("lkey")
    static final int LKEY_OFFSET = 36;
    @NativeField("rkey")
    static final int RKEY_OFFSET = 40;

    private MrDescriptor()
    {
    }
}

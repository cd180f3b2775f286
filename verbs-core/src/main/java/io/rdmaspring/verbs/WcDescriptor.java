package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_wc}, one work completion as {@code ibv_poll_cq} writes it.
 * <pre>
 *   0       8        12       16           20         24         28       32       36         40          48
 *   +-------+--------+--------+------------+----------+----------+--------+--------+----------+-----------+
 *   | wr_id | status | opcode | vendor_err | byte_len | imm_data | qp_num | src_qp | wc_flags | pkey, slid,|
 *   | (u64) | (enum) | (enum) | (u32)      | (u32)    | (be32)   | (u32)  | (u32)  | (u32)    | sl, dlid.. |
 *   +-------+--------+--------+------------+----------+----------+--------+--------+----------+-----------+
 * </pre>
 */
@NativeStruct("struct ibv_wc")
final class WcDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 48;
    @NativeField("wr_id")
    static final int WR_ID_OFFSET = 0;
    @NativeField("status")
    static final int STATUS_OFFSET = 8;
    @NativeField("opcode")
    static final int OPCODE_OFFSET = 12;
    @NativeField("vendor_err")
    static final int VENDOR_ERR_OFFSET = 16;
    @NativeField("byte_len")
    static final int BYTE_LEN_OFFSET = 20;
    @NativeField("imm_data")
    static final int IMM_DATA_OFFSET = 24;
    @NativeField("qp_num")
    static final int QP_NUM_OFFSET = 28;
    @NativeField("src_qp")
    static final int SRC_QP_OFFSET = 32;
    @NativeField("wc_flags")
    static final int WC_FLAGS_OFFSET = 36;

    private WcDescriptor()
    {
    }
}

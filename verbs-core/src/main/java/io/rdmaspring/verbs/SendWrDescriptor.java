package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_send_wr}; only the members a two-sided SEND uses are named. The unions after
 * {@code imm_data} (RDMA, atomic, UD, bind and TSO arguments) stay zero.
 * <pre>
 *   0       8       16        24        28       32           36         40                               128
 *   +-------+-------+---------+---------+--------+------------+----------+--------------------------------+
 *   | wr_id | next  | sg_list | num_sge | opcode | send_flags | imm_data | wr, qp_type, bind_mw/tso unions |
 *   | (u64) | (*)   | (*)     | (int)   | (enum) | (u32)      | (be32)   |                                |
 *   +-------+-------+---------+---------+--------+------------+----------+--------------------------------+
 * </pre>
 */
@NativeStruct("struct ibv_send_wr")
final class SendWrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 128;
    @NativeField("wr_id")
    static final int WR_ID_OFFSET = 0;
    @NativeField("next")
    static final int NEXT_OFFSET = 8;
    @NativeField("sg_list")
    static final int SG_LIST_OFFSET = 16;
    @NativeField("num_sge")
    static final int NUM_SGE_OFFSET = 24;
    @NativeField("opcode")
    static final int OPCODE_OFFSET = 28;
    @NativeField("send_flags")
    static final int SEND_FLAGS_OFFSET = 32;
    @NativeField("imm_data")
    static final int IMM_DATA_OFFSET = 36;
    @NativeField("wr.rdma.remote_addr")
    static final int RDMA_REMOTE_ADDR_OFFSET = 40;
    @NativeField("wr.rdma.rkey")
    static final int RDMA_RKEY_OFFSET = 48;

    private SendWrDescriptor()
    {
    }
}

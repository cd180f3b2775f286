package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_recv_wr}. Its four members are also the first four of {@code struct ibv_send_wr}
 * ({@link SendWrDescriptor}), which is what lets {@link WorkRequests} handle the list part of both.
 * <pre>
 *   0       8       16        24        28      32
 *   +-------+-------+---------+---------+-------+
 *   | wr_id | next  | sg_list | num_sge | (pad) |
 *   | (u64) | (*)   | (*)     | (int)   |       |
 *   +-------+-------+---------+---------+-------+
 * </pre>
 */
@NativeStruct("struct ibv_recv_wr")
final class RecvWrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 32;
    @NativeField("wr_id")
    static final int WR_ID_OFFSET = 0;
    @NativeField("next")
    static final int NEXT_OFFSET = 8;
    @NativeField("sg_list")
    static final int SG_LIST_OFFSET = 16;
    @NativeField("num_sge")
    static final int NUM_SGE_OFFSET = 24;

    private RecvWrDescriptor()
    {
    }
}

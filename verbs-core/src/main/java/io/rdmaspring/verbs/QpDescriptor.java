package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_qp}, as {@code ibv_create_qp} or {@code rdma_create_qp} leaves it.
 * <pre>
 *   0           8              16     24          32          40      48       52       56      60        64
 *   +-----------+--------------+------+-----------+-----------+-------+--------+--------+-------+---------+----
 *   | context * | qp_context * | pd * | send_cq * | recv_cq * | srq * | handle | qp_num | state | qp_type | ...
 *   +-----------+--------------+------+-----------+-----------+-------+--------+--------+-------+---------+----
 * </pre>
 * {@code state} is libibverbs' copy, updated by {@code ibv_modify_qp} and {@code ibv_query_qp}; providers check it
 * in {@code post_recv}/{@code post_send}.
 */
@NativeStruct("struct ibv_qp")
final class QpDescriptor
{
    @NativeField("context")
    static final int CONTEXT_OFFSET = 0;
    @NativeField("pd")
    static final int PD_OFFSET = 16;
    @NativeField("send_cq")
    static final int SEND_CQ_OFFSET = 24;
    @NativeField("recv_cq")
    static final int RECV_CQ_OFFSET = 32;
    @NativeField("qp_num")
    static final int QP_NUM_OFFSET = 52;
    @NativeField("state")
    static final int STATE_OFFSET = 56;
    @NativeField("qp_type")
    static final int QP_TYPE_OFFSET = 60;

    private QpDescriptor()
    {
    }
}

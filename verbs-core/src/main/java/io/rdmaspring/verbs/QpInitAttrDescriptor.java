package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_qp_init_attr}, the argument of {@code ibv_create_qp} and {@code rdma_create_qp}. The
 * {@code cap} members are requests on the way in and what the provider granted on the way out (and from
 * {@code ibv_query_qp}).
 * <pre>
 *   0             8          16         24     32                               52        56           64
 *   +-------------+----------+----------+------+--------------------------------+---------+------------+
 *   | qp_context* | send_cq* | recv_cq* | srq* | cap (5 x u32): max_send_wr,    | qp_type | sq_sig_all |
 *   |             |          |          |      | max_recv_wr, max_send_sge,     | (enum)  | (int)      |
 *   |             |          |          |      | max_recv_sge, max_inline_data  |         |            |
 *   +-------------+----------+----------+------+--------------------------------+---------+------------+
 * </pre>
 */
@NativeStruct("struct ibv_qp_init_attr")
final class QpInitAttrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 64;
    @NativeField("qp_context")
    static final int QP_CONTEXT_OFFSET = 0;
    @NativeField("send_cq")
    static final int SEND_CQ_OFFSET = 8;
    @NativeField("recv_cq")
    static final int RECV_CQ_OFFSET = 16;
    @NativeField("srq")
    static final int SRQ_OFFSET = 24;
    @NativeField("cap.max_send_wr")
    static final int CAP_MAX_SEND_WR_OFFSET = 32;
    @NativeField("cap.max_recv_wr")
    static final int CAP_MAX_RECV_WR_OFFSET = 36;
    @NativeField("cap.max_send_sge")
    static final int CAP_MAX_SEND_SGE_OFFSET = 40;
    @NativeField("cap.max_recv_sge")
    static final int CAP_MAX_RECV_SGE_OFFSET = 44;
    @NativeField("cap.max_inline_data")
    static final int CAP_MAX_INLINE_DATA_OFFSET = 48;
    @NativeField("qp_type")
    static final int QP_TYPE_OFFSET = 52;
    @NativeField("sq_sig_all")
    static final int SQ_SIG_ALL_OFFSET = 56;

    /** Reliable connected: the only transport this project uses. */
    @NativeConstant("IBV_QPT_RC")
    static final int QPT_RC = 2;

    private QpInitAttrDescriptor()
    {
    }
}

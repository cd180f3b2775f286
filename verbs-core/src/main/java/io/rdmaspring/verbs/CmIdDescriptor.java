package io.rdmaspring.verbs;

/**
 * Layout of {@code struct rdma_cm_id}, the connection manager's endpoint.
 * <pre>
 *   0          8           16          24     32                            344   348        352
 *   +----------+-----------+-----------+------+-----------------------------+-----+----------+---------+-----+
 *   | verbs *  | channel * | context * | qp * | route (addr src 32, dst 160)| ps  | port_num | event * | ... |
 *   +----------+-----------+-----------+------+-----------------------------+-----+----------+---------+-----+
 * </pre>
 */
@NativeStruct("struct rdma_cm_id")
final class CmIdDescriptor
{
    @NativeField("verbs")
    static final int VERBS_OFFSET = 0;
    @NativeField("qp")
    static final int QP_OFFSET = 24;
    @NativeField("route.addr.src_addr")
    static final int SRC_ADDR_OFFSET = 32;
    @NativeField("route.addr.dst_addr")
    static final int DST_ADDR_OFFSET = 160;
    @NativeField("port_num")
    static final int PORT_NUM_OFFSET = 348;

    @NativeConstant("RDMA_PS_TCP")
    static final int PS_TCP = 0x0106;

    private CmIdDescriptor()
    {
    }
}

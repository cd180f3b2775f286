package io.rdmaspring.verbs;

/**
 * The parts of {@code struct ibv_qp_attr} used here: the state for {@code ibv_query_qp} and {@code ibv_modify_qp},
 * and what the RESET to INIT transition needs. Capabilities are read from the {@code struct ibv_qp_init_attr} that
 * {@code ibv_query_qp} fills as well ({@link QpInitAttrDescriptor}).
 * <pre>
 *   0          4              8               32                36                  120          122   129
 *   +----------+--------------+---------------+-----------------+-------------------+------------+-----+----------+--
 *   | qp_state | cur_qp_state | path_mtu, ... | qp_access_flags | cap, ah_attr, ... | pkey_index | ... | port_num |
 *   | (enum)   | (enum)       |               | (int)           |                   | (u16)      |     | (u8)     |
 *   +----------+--------------+---------------+-----------------+-------------------+------------+-----+----------+--
 * </pre>
 */
@NativeStruct("struct ibv_qp_attr")
final class QpAttrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 144;
    @NativeField("qp_state")
    static final int QP_STATE_OFFSET = 0;
    @NativeField("qp_access_flags")
    static final int QP_ACCESS_FLAGS_OFFSET = 32;
    @NativeField("pkey_index")
    static final int PKEY_INDEX_OFFSET = 120;
    @NativeField("port_num")
    static final int PORT_NUM_OFFSET = 129;

    /** {@code ibv_query_qp} attribute mask bits. */
    @NativeConstant("IBV_QP_STATE")
    static final int MASK_STATE = 1;
    @NativeConstant("IBV_QP_ACCESS_FLAGS")
    static final int MASK_ACCESS_FLAGS = 1 << 3;
    @NativeConstant("IBV_QP_PKEY_INDEX")
    static final int MASK_PKEY_INDEX = 1 << 4;
    @NativeConstant("IBV_QP_PORT")
    static final int MASK_PORT = 1 << 5;
    @NativeConstant("IBV_QP_CAP")
    static final int MASK_CAP = 1 << 19;

    private QpAttrDescriptor()
    {
    }
}

package io.rdmaspring.verbs;

/**
 * Layout of {@code struct rdma_conn_param}, given to {@code rdma_connect} and {@code rdma_accept}.
 * <pre>
 *   0                8           9           10          11       12      13         14    16
 *   +----------------+-----------+-----------+-----------+--------+-------+----------+-----+--------+
 *   | private_data * | pd_len    | responder | initiator | flow_  | retry | rnr_     | srq | qp_num |
 *   |                | (u8)      | resources | depth     | control| count | retry    |     |        |
 *   +----------------+-----------+-----------+-----------+--------+-------+----------+-----+--------+
 * </pre>
 */
@NativeStruct("struct rdma_conn_param")
final class ConnParamDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 24;
    @NativeField("private_data")
    static final int PRIVATE_DATA_OFFSET = 0;
    @NativeField("private_data_len")
    static final int PRIVATE_DATA_LEN_OFFSET = 8;
    @NativeField("responder_resources")
    static final int RESPONDER_RESOURCES_OFFSET = 9;
    @NativeField("initiator_depth")
    static final int INITIATOR_DEPTH_OFFSET = 10;
    @NativeField("flow_control")
    static final int FLOW_CONTROL_OFFSET = 11;
    @NativeField("retry_count")
    static final int RETRY_COUNT_OFFSET = 12;
    @NativeField("rnr_retry_count")
    static final int RNR_RETRY_COUNT_OFFSET = 13;

    /** The most private data {@code rdma_connect} carries over RDMA_PS_TCP (56 bytes; accept and reject carry 196). */
    static final int MAX_CONNECT_PRIVATE_DATA = 56;

    private ConnParamDescriptor()
    {
    }
}

package io.rdmaspring.verbs;

/**
 * Layout of {@code struct rdma_cm_event}. For connection events {@code param.conn} holds the peer's
 * {@code struct rdma_conn_param}, whose private data stays valid until the event is acknowledged.
 * <pre>
 *   0      8           16      20       24                   32                     40
 *   +------+-----------+-------+--------+--------------------+----------------------+--------+
 *   | id * | listen_id | event | status | conn.private_data *| conn.private_data_len| qp_num |
 *   +------+-----------+-------+--------+--------------------+----------------------+--------+
 * </pre>
 */
@NativeStruct("struct rdma_cm_event")
final class CmEventDescriptor
{
    @NativeField("id")
    static final int ID_OFFSET = 0;
    @NativeField("listen_id")
    static final int LISTEN_ID_OFFSET = 8;
    @NativeField("event")
    static final int EVENT_OFFSET = 16;
    @NativeField("status")
    static final int STATUS_OFFSET = 20;
    @NativeField("param.conn.private_data")
    static final int PRIVATE_DATA_OFFSET = 24;
    @NativeField("param.conn.private_data_len")
    static final int PRIVATE_DATA_LEN_OFFSET = 32;

    private CmEventDescriptor()
    {
    }
}

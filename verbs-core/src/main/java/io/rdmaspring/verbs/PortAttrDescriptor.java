package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_port_attr}, filled by {@code ibv_query_port}.
 * <pre>
 *   0       4         8            12            16               20           24 ... 34    36 ... 45   46
 *   +-------+---------+------------+-------------+----------------+------------+-----+-----+---------+------------+
 *   | state | max_mtu | active_mtu | gid_tbl_len | port_cap_flags | max_msg_sz | ... | lid | ...     | link_layer |
 *   +-------+---------+------------+-------------+----------------+------------+-----+-----+---------+------------+
 * </pre>
 */
@NativeStruct("struct ibv_port_attr")
final class PortAttrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 52;
    @NativeField("state")
    static final int STATE_OFFSET = 0;
    @NativeField("max_mtu")
    static final int MAX_MTU_OFFSET = 4;
    @NativeField("active_mtu")
    static final int ACTIVE_MTU_OFFSET = 8;
    @NativeField("gid_tbl_len")
    static final int GID_TBL_LEN_OFFSET = 12;
    @NativeField("max_msg_sz")
    static final int MAX_MSG_SZ_OFFSET = 20;
    @NativeField("lid")
    static final int LID_OFFSET = 34;
    @NativeField("phys_state")
    static final int PHYS_STATE_OFFSET = 45;
    @NativeField("link_layer")
    static final int LINK_LAYER_OFFSET = 46;

    private PortAttrDescriptor()
    {
    }
}

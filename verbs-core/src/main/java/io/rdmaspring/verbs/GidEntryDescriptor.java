package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_gid_entry}, filled by {@code ibv_query_gid_ex}.
 * <pre>
 *   0                 16          20         24         28
 *   +-----------------+-----------+----------+----------+--------------+
 *   | gid (16 bytes)  | gid_index | port_num | gid_type | ndev_ifindex |
 *   +-----------------+-----------+----------+----------+--------------+
 * </pre>
 */
@NativeStruct("struct ibv_gid_entry")
final class GidEntryDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 32;
    @NativeField("gid")
    static final int GID_OFFSET = 0;
    static final int GID_LENGTH = 16;
    @NativeField("gid_index")
    static final int GID_INDEX_OFFSET = 16;
    @NativeField("gid_type")
    static final int GID_TYPE_OFFSET = 24;
    @NativeField("ndev_ifindex")
    static final int NDEV_IFINDEX_OFFSET = 28;

    private GidEntryDescriptor()
    {
    }
}

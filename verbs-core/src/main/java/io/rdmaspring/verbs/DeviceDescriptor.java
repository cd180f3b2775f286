package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_device}, the entries of {@code ibv_get_device_list}.
 * <pre>
 *   0                  16        20           24        88           152         408
 *   +------------------+---------+------------+---------+------------+-----------+-------------+
 *   | _ops (2 ptrs)    | node_   | transport_ | name    | dev_name   | dev_path  | ibdev_path  |
 *   |                  | type    | type       | [64]    | [64]       | [256]     | [256]       |
 *   +------------------+---------+------------+---------+------------+-----------+-------------+
 * </pre>
 */
@NativeStruct("struct ibv_device")
final class DeviceDescriptor
{
    @NativeField("node_type")
    static final int NODE_TYPE_OFFSET = 16;
    @NativeField("transport_type")
    static final int TRANSPORT_TYPE_OFFSET = 20;
    @NativeField("name")
    static final int NAME_OFFSET = 24;
    @NativeField("dev_name")
    static final int DEV_NAME_OFFSET = 88;
    @NativeField("ibdev_path")
    static final int IBDEV_PATH_OFFSET = 408;

    private DeviceDescriptor()
    {
    }
}

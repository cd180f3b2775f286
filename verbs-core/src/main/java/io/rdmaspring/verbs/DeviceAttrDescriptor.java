package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_device_attr}, filled by {@code ibv_query_device}.
 * <pre>
 *   0            64          72               80           88            96
 *   +------------+-----------+----------------+------------+-------------+-----------+----------------+----
 *   | fw_ver[64] | node_guid | sys_image_guid | max_mr_size| page_size_  | vendor_id | vendor_part_id | ...
 *   |            | (be64)    | (be64)         |            | cap         | (u32)     | (u32)          |
 *   +------------+-----------+----------------+------------+-------------+-----------+----------------+----
 *   ... max_qp 108, max_qp_wr 112, max_sge 120, max_cq 128, max_cqe 132, max_mr 136, max_pd 140, phys_port_cnt 227
 * </pre>
 */
@NativeStruct("struct ibv_device_attr")
final class DeviceAttrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE = 232;
    @NativeField("fw_ver")
    static final int FW_VER_OFFSET = 0;
    static final int FW_VER_LENGTH = 64;
    @NativeField("node_guid")
    static final int NODE_GUID_OFFSET = 64;
    @NativeField("max_mr_size")
    static final int MAX_MR_SIZE_OFFSET = 80;
    @NativeField("vendor_id")
    static final int VENDOR_ID_OFFSET = 96;
    @NativeField("vendor_part_id")
    static final int VENDOR_PART_ID_OFFSET = 100;
    @NativeField("hw_ver")
    static final int HW_VER_OFFSET = 104;
    @NativeField("max_qp")
    static final int MAX_QP_OFFSET = 108;
    @NativeField("max_qp_wr")
    static final int MAX_QP_WR_OFFSET = 112;
    @NativeField("max_sge")
    static final int MAX_SGE_OFFSET = 120;
    @NativeField("max_cq")
    static final int MAX_CQ_OFFSET = 128;
    @NativeField("max_cqe")
    static final int MAX_CQE_OFFSET = 132;
    @NativeField("max_mr")
    static final int MAX_MR_OFFSET = 136;
    @NativeField("max_pd")
    static final int MAX_PD_OFFSET = 140;
    @NativeField("phys_port_cnt")
    static final int PHYS_PORT_CNT_OFFSET = 227;

    private DeviceAttrDescriptor()
    {
    }
}

package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_cq}, as {@code ibv_create_cq} returns it.
 * <pre>
 *   0           8           16            24       28    32
 *   +-----------+-----------+-------------+--------+-----+-------+------+------------------------+
 *   | context * | channel * | cq_context* | handle | cqe | mutex | cond | comp/async events done |
 *   +-----------+-----------+-------------+--------+-----+-------+------+------------------------+
 * </pre>
 * {@code cqe} is the capacity the provider really gave, at least what was asked for.
 */
@NativeStruct("struct ibv_cq")
final class CqDescriptor
{
    @NativeField("context")
    static final int CONTEXT_OFFSET = 0;
    @NativeField("channel")
    static final int CHANNEL_OFFSET = 8;
    @NativeField("cqe")
    static final int CQE_OFFSET = 28;

    private CqDescriptor()
    {
    }
}

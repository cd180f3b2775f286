package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_comp_channel}: the file descriptor that becomes readable when a completion queue
 * armed with {@code ibv_req_notify_cq} gets a completion.
 * <pre>
 *   0           8      12       16
 *   +-----------+------+--------+
 *   | context * | fd   | refcnt |
 *   +-----------+------+--------+
 * </pre>
 */
@NativeStruct("struct ibv_comp_channel")
final class CompChannelDescriptor
{
    @NativeField("context")
    static final int CONTEXT_OFFSET = 0;
    @NativeField("fd")
    static final int FD_OFFSET = 8;

    private CompChannelDescriptor()
    {
    }
}

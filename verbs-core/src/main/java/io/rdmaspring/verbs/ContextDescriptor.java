package io.rdmaspring.verbs;

/**
 * Layout of {@code struct ibv_context}. The data-path verbs ({@code ibv_post_send}, {@code ibv_post_recv},
 * {@code ibv_poll_cq}, {@code ibv_req_notify_cq}) are static inline functions in {@code <infiniband/verbs.h>} that call
 * through the provider's function pointers in {@code ops}; we read those pointers once per context and call them.
 * <pre>
 *   0          8                                      264      268        272
 *   +----------+--------------------------------------+--------+----------+------------------+---------+
 *   | device * | ops: struct ibv_context_ops          | cmd_fd | async_fd | num_comp_vectors | ...     |
 *   +----------+--------------------------------------+--------+----------+------------------+---------+
 *   ops.poll_cq at 96, ops.req_notify_cq at 104, ops.post_send at 208, ops.post_recv at 216
 * </pre>
 */
@NativeStruct("struct ibv_context")
final class ContextDescriptor
{
    @NativeField("device")
    static final int DEVICE_OFFSET = 0;
    @NativeField("ops.poll_cq")
    static final int OPS_POLL_CQ_OFFSET = 96;
    @NativeField("ops.req_notify_cq")
    static final int OPS_REQ_NOTIFY_CQ_OFFSET = 104;
    @NativeField("ops.post_send")
    static final int OPS_POST_SEND_OFFSET = 208;
    @NativeField("ops.post_recv")
    static final int OPS_POST_RECV_OFFSET = 216;
    @NativeField("cmd_fd")
    static final int CMD_FD_OFFSET = 264;
    @NativeField("async_fd")
    static final int ASYNC_FD_OFFSET = 268;
    @NativeField("num_comp_vectors")
    static final int NUM_COMP_VECTORS_OFFSET = 272;

    private ContextDescriptor()
    {
    }
}

package io.rdmaspring.verbs;

/**
 * The four data-path verbs, called through the provider's function pointers in {@code struct ibv_context.ops}
 * ({@link ContextDescriptor}) because libibverbs has them only as static inline functions. Pointers travel as
 * {@code long} addresses. Implementations must not throw or allocate per call where they can avoid it; they return
 * what the provider returns. One instance per {@link VerbsContext}, made by {@link FastPaths}.
 */
interface FastPath
{
    /** {@code ibv_post_send(qp, wr, bad_wr)}: 0 or an errno. */
    int postSend(long qp, long wr, long badWr);

    /** {@code ibv_post_recv(qp, wr, bad_wr)}: 0 or an errno. */
    int postRecv(long qp, long wr, long badWr);

    /** {@code ibv_poll_cq(cq, n, wc)}: how many completions were written to {@code wc}, negative on error. */
    int pollCq(long cq, int n, long wc);

    /** {@code ibv_req_notify_cq(cq, solicited_only)}: 0 or an errno. */
    int reqNotifyCq(long cq, int solicitedOnly);
}

package io.rdmaspring.verbs;

/**
 * The state of a queue pair ({@code enum ibv_qp_state}). A new queue pair is {@link #RESET}; rdma_cm moves it
 * through {@link #INIT} and {@link #RTR} (ready to receive) to {@link #RTS} (ready to send); a failed work request
 * moves it to {@link #ERR}.
 */
public enum QueuePairState
{
    @NativeConstant("IBV_QPS_RESET") RESET,
    @NativeConstant("IBV_QPS_INIT") INIT,
    @NativeConstant("IBV_QPS_RTR") RTR,
    @NativeConstant("IBV_QPS_RTS") RTS,
    @NativeConstant("IBV_QPS_SQD") SQD,
    @NativeConstant("IBV_QPS_SQE") SQE,
    @NativeConstant("IBV_QPS_ERR") ERR,
    @NativeConstant("IBV_QPS_UNKNOWN") UNKNOWN;

    /** The C value. */
    public int code()
    {
        return ordinal();
    }

    static QueuePairState of(final int code)
    {
        final QueuePairState[] values = values();
        return code >= 0 && code < values.length ? values[code] : UNKNOWN;
    }
}

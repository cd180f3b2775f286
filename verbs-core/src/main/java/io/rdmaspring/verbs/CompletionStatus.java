package io.rdmaspring.verbs;

/**
 * The status of a work completion ({@code enum ibv_wc_status}); see {@link WorkCompletions#status(int)}. Anything but
 * {@link #SUCCESS} moves the queue pair to the error state, after which its outstanding requests complete with
 * {@link #WR_FLUSH_ERR}.
 */
public final class CompletionStatus
{
    @NativeConstant("IBV_WC_SUCCESS")
    public static final int SUCCESS = 0;
    /** The message was longer than the receive buffer, or the gather list longer than the port allows. */
    @NativeConstant("IBV_WC_LOC_LEN_ERR")
    public static final int LOC_LEN_ERR = 1;
    @NativeConstant("IBV_WC_LOC_QP_OP_ERR")
    public static final int LOC_QP_OP_ERR = 2;
    /** An lkey did not match the memory it was used with, or the memory is in another protection domain. */
    @NativeConstant("IBV_WC_LOC_PROT_ERR")
    public static final int LOC_PROT_ERR = 4;
    /** The queue pair went to the error state before this request was done: it was flushed, not executed. */
    @NativeConstant("IBV_WC_WR_FLUSH_ERR")
    public static final int WR_FLUSH_ERR = 5;
    @NativeConstant("IBV_WC_LOC_ACCESS_ERR")
    public static final int LOC_ACCESS_ERR = 8;
    @NativeConstant("IBV_WC_REM_INV_REQ_ERR")
    public static final int REM_INV_REQ_ERR = 9;
    @NativeConstant("IBV_WC_REM_ACCESS_ERR")
    public static final int REM_ACCESS_ERR = 10;
    @NativeConstant("IBV_WC_REM_OP_ERR")
    public static final int REM_OP_ERR = 11;
    /** The peer did not acknowledge within the retry count: it is gone or unreachable. */
    @NativeConstant("IBV_WC_RETRY_EXC_ERR")
    public static final int RETRY_EXC_ERR = 12;
    /** The peer had no receive posted for longer than the RNR retry count allows. */
    @NativeConstant("IBV_WC_RNR_RETRY_EXC_ERR")
    public static final int RNR_RETRY_EXC_ERR = 13;
    @NativeConstant("IBV_WC_FATAL_ERR")
    public static final int FATAL_ERR = 19;
    @NativeConstant("IBV_WC_GENERAL_ERR")
    public static final int GENERAL_ERR = 21;

    private CompletionStatus()
    {
    }

    /** libibverbs' text for {@code status}, e.g. {@code "transport retry counter exceeded"}. Not for the hot path. */
    public static String describe(final int status)
    {
        return Ibverbs.ibv_wc_status_str(status);
    }
}

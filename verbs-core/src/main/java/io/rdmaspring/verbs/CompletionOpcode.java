package io.rdmaspring.verbs;

/**
 * What a work completion completed ({@code enum ibv_wc_opcode}); see {@link WorkCompletions#opcode(int)}.
 */
public final class CompletionOpcode
{
    @NativeConstant("IBV_WC_SEND")
    public static final int SEND = 0;
    @NativeConstant("IBV_WC_RDMA_WRITE")
    public static final int RDMA_WRITE = 1;
    @NativeConstant("IBV_WC_RDMA_READ")
    public static final int RDMA_READ = 2;
    /** A receive request consumed an incoming SEND; every receive opcode has this bit. */
    @NativeConstant("IBV_WC_RECV")
    public static final int RECV = 1 << 7;
    @NativeConstant("IBV_WC_RECV_RDMA_WITH_IMM")
    public static final int RECV_RDMA_WITH_IMM = RECV + 1;

    private CompletionOpcode()
    {
    }

    /** Whether {@code opcode} completes a receive request. */
    public static boolean isReceive(final int opcode)
    {
        return (opcode & RECV) != 0;
    }
}

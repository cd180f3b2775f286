package io.rdmaspring.verbs;

import com.sun.jna.Function;
import com.sun.jna.Pointer;

/**
 * {@link FastPath} through JNA's {@link Function}: works on every supported Java version but allocates on each call
 * (the boxed arguments, the argument array JNA copies it into, and its conversions), which the garbage collector
 * then has to clean up. Used before Java 22 or with {@code -Drdma.fastpath=jna}.
 */
final class JnaFastPath implements FastPath
{
    private final Function postSend;
    private final Function postRecv;
    private final Function pollCq;
    private final Function reqNotifyCq;

    JnaFastPath(final Pointer context)
    {
        this.postSend = Function.getFunction(context.getPointer(ContextDescriptor.OPS_POST_SEND_OFFSET));
        this.postRecv = Function.getFunction(context.getPointer(ContextDescriptor.OPS_POST_RECV_OFFSET));
        this.pollCq = Function.getFunction(context.getPointer(ContextDescriptor.OPS_POLL_CQ_OFFSET));
        this.reqNotifyCq = Function.getFunction(context.getPointer(ContextDescriptor.OPS_REQ_NOTIFY_CQ_OFFSET));
    }

    @Override
    public int postSend(final long qp, final long wr, final long badWr)
    {
        return postSend.invokeInt(new Object[] {qp, wr, badWr});
    }

    @Override
    public int postRecv(final long qp, final long wr, final long badWr)
    {
        return postRecv.invokeInt(new Object[] {qp, wr, badWr});
    }

    @Override
    public int pollCq(final long cq, final int n, final long wc)
    {
        return pollCq.invokeInt(new Object[] {cq, n, wc});
    }

    @Override
    public int reqNotifyCq(final long cq, final int solicitedOnly)
    {
        return reqNotifyCq.invokeInt(new Object[] {cq, solicitedOnly});
    }

    @Override
    public String toString()
    {
        return "jna";
    }
}

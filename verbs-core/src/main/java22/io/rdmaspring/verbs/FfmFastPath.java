package io.rdmaspring.verbs;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link FastPath} through downcall handles of the Foreign Function &amp; Memory API (Java 22+). Pointers are passed
 * as {@code long}, which the x86-64 System V and AArch64 calling conventions pass exactly like pointers, so each call
 * is an {@code invokeExact} on primitives: no boxing, no argument array, nothing allocated.
 * {@code ibv_poll_cq} is linked as a critical function (no thread-state transition): providers poll their queue
 * in user space, briefly, without blocking or calling back.
 */
final class FfmFastPath implements FastPath
{
    private static final FunctionDescriptor POST = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final FunctionDescriptor POLL = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG);
    private static final FunctionDescriptor NOTIFY = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT);

    private final MethodHandle postSend;
    private final MethodHandle postRecv;
    private final MethodHandle pollCq;
    private final MethodHandle reqNotifyCq;

    @SuppressWarnings("restricted")
    FfmFastPath(final long context)
    {
        final Linker linker = Linker.nativeLinker();
        final MemorySegment ops = MemorySegment.ofAddress(context)
            .reinterpret(ContextDescriptor.OPS_POST_RECV_OFFSET + Long.BYTES);
        this.postSend = linker.downcallHandle(function(ops, ContextDescriptor.OPS_POST_SEND_OFFSET), POST);
        this.postRecv = linker.downcallHandle(function(ops, ContextDescriptor.OPS_POST_RECV_OFFSET), POST);
        this.pollCq = linker.downcallHandle(function(ops, ContextDescriptor.OPS_POLL_CQ_OFFSET), POLL,
            Linker.Option.critical(false));
        this.reqNotifyCq = linker.downcallHandle(function(ops, ContextDescriptor.OPS_REQ_NOTIFY_CQ_OFFSET), NOTIFY);
    }

    @Override
    public int postSend(final long qp, final long wr, final long badWr)
    {
        try
        {
            return (int)postSend.invokeExact(qp, wr, badWr);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    @Override
    public int postRecv(final long qp, final long wr, final long badWr)
    {
        try
        {
            return (int)postRecv.invokeExact(qp, wr, badWr);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    @Override
    public int pollCq(final long cq, final int n, final long wc)
    {
        try
        {
            return (int)pollCq.invokeExact(cq, n, wc);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    @Override
    public int reqNotifyCq(final long cq, final int solicitedOnly)
    {
        try
        {
            return (int)reqNotifyCq.invokeExact(cq, solicitedOnly);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    @Override
    public String toString()
    {
        return "ffm";
    }

    private static MemorySegment function(final MemorySegment ops, final int offset)
    {
        return MemorySegment.ofAddress(ops.get(JAVA_LONG, offset));
    }

    /** A downcall declares {@code Throwable} but throws only errors the JVM raises; pass them on unchanged. */
    private static RuntimeException rethrow(final Throwable ex)
    {
        if (ex instanceof RuntimeException runtime)
        {
            return runtime;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException(ex);
    }
}

package io.rdmaspring.verbs;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Writes the {@code struct ibv_qp_init_attr} ({@link QpInitAttrDescriptor}) of an RC queue pair from a
 * {@link QueuePairConfig} and its completion queues, for {@code ibv_create_qp} or {@code rdma_create_qp}. Signalling
 * is per request ({@code sq_sig_all = 0}); there is no shared receive queue.
 */
final class QpInitAttributes
{
    private QpInitAttributes()
    {
    }

    /** Concludes {@code config} against the device and returns newly allocated attributes. */
    static Memory allocate(final QueuePairConfig config, final CompletionQueue sendCq, final CompletionQueue recvCq)
    {
        final Memory attr = new Memory(QpInitAttrDescriptor.SIZE);
        write(attr, config, sendCq, recvCq);
        return attr;
    }

    /** Concludes {@code config} against the device and fills all of {@code attr}. */
    static void write(
        final Pointer attr, final QueuePairConfig config, final CompletionQueue sendCq, final CompletionQueue recvCq)
    {
        sendCq.ensureOpen();
        recvCq.ensureOpen();
        if (sendCq.context() != recvCq.context())
        {
            throw new IllegalArgumentException("The send and receive completion queues belong to different devices: "
                + sendCq + " and " + recvCq);
        }
        config.conclude(sendCq.context().attributes());
        attr.setMemory(0, QpInitAttrDescriptor.SIZE, (byte)0);
        attr.setPointer(QpInitAttrDescriptor.SEND_CQ_OFFSET, sendCq.pointer());
        attr.setPointer(QpInitAttrDescriptor.RECV_CQ_OFFSET, recvCq.pointer());
        attr.setInt(QpInitAttrDescriptor.CAP_MAX_SEND_WR_OFFSET, config.sendQueueDepth());
        attr.setInt(QpInitAttrDescriptor.CAP_MAX_RECV_WR_OFFSET, config.receiveQueueDepth());
        attr.setInt(QpInitAttrDescriptor.CAP_MAX_SEND_SGE_OFFSET, config.maxSendSge());
        attr.setInt(QpInitAttrDescriptor.CAP_MAX_RECV_SGE_OFFSET, config.maxReceiveSge());
        attr.setInt(QpInitAttrDescriptor.CAP_MAX_INLINE_DATA_OFFSET, config.maxInlineData());
        attr.setInt(QpInitAttrDescriptor.QP_TYPE_OFFSET, QpInitAttrDescriptor.QPT_RC);
        attr.setInt(QpInitAttrDescriptor.SQ_SIG_ALL_OFFSET, 0);
    }
}

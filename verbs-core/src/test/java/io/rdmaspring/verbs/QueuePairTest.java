package io.rdmaspring.verbs;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RdmaTest
class QueuePairTest
{
    private VerbsContext context;
    private ProtectionDomain pd;
    private CompletionQueue sendCq;
    private CompletionQueue recvCq;

    @BeforeEach
    void open()
    {
        context = VerbsContext.open(RdmaTestEnvironment.deviceName());
        pd = context.allocateProtectionDomain();
        sendCq = context.createCompletionQueue(64, null);
        recvCq = context.createCompletionQueue(64, null);
    }

    @AfterEach
    void close()
    {
        context.close();
    }

    @Test
    void shouldCreateAnRcQueuePairInResetWithTheCapabilitiesAskedFor()
    {
        final QueuePairConfig config = new QueuePairConfig().sendQueueDepth(32).receiveQueueDepth(16)
            .maxInlineData(64);

        final QueuePair qp = pd.createQueuePair(config, sendCq, recvCq);

        assertThat(qp.qpNumber()).isPositive();
        assertThat(qp.state()).isEqualTo(QueuePairState.RESET);
        assertThat(qp.sendQueueDepth()).isGreaterThanOrEqualTo(32);
        assertThat(qp.receiveQueueDepth()).isGreaterThanOrEqualTo(16);
        assertThat(qp.maxInlineData()).isGreaterThanOrEqualTo(64);
        assertThat(qp.sendRequests().capacity()).isEqualTo(32);
        assertThat(qp.receiveRequests().capacity()).isEqualTo(16);
        assertThat(pd.openChildren()).isEqualTo(1);
        assertThat(sendCq.openChildren()).isEqualTo(1);
        assertThat(recvCq.openChildren()).isEqualTo(1);
        System.out.printf("%s: send %d, receive %d, inline %d granted%n", qp, qp.sendQueueDepth(),
            qp.receiveQueueDepth(), qp.maxInlineData());

        qp.close();
        qp.close();

        assertThat(qp.isClosed()).isTrue();
        assertThat(pd.openChildren()).isZero();
        assertThat(sendCq.openChildren()).isZero();
        assertThat(recvCq.openChildren()).isZero();
    }

    @Test
    void shouldReturnAnErrorCodeInsteadOfThrowingWhenPostingToAFreshQueuePair()
    {
        final MemoryRegion buffer = pd.allocate(4096, AccessFlags.LOCAL_WRITE);
        final QueuePair qp = pd.createQueuePair(new QueuePairConfig(), sendCq, recvCq);

        final int rc = qp.postReceive(1L, buffer.address(), 4096, buffer.lkey());

        assertThat(rc).as("post_recv in RESET").isEqualTo(Errno.EINVAL);
        assertThat(qp.postReceive(0)).isEqualTo(Errno.EINVAL);
        assertThat(qp.postSend(qp.sendRequests().capacity() + 1)).isEqualTo(Errno.EINVAL);
        qp.close();
        assertThat(qp.postReceive(1L, buffer.address(), 4096, buffer.lkey())).isEqualTo(Errno.EBADF);
        assertThat(qp.postSend(1L, buffer.address(), 64, buffer.lkey(), SendFlags.SIGNALED)).isEqualTo(Errno.EBADF);
    }

    @Test
    void shouldFlushRequestsOfAQueuePairInErrorAndWakeTheChannel()
    {
        final CompletionChannel channel = context.createCompletionChannel();
        final CompletionQueue notifyingCq = context.createCompletionQueue(64, channel);
        final MemoryRegion buffer = pd.allocate(4096, AccessFlags.LOCAL_WRITE);
        final QueuePair qp = pd.createQueuePair(new QueuePairConfig(), sendCq, notifyingCq);
        final WorkCompletions completions = new WorkCompletions(4);
        moveToInit(qp);
        qp.receiveRequests()
            .receive(0, 10L, buffer.address(), 2048, buffer.lkey())
            .receive(1, 11L, buffer.address() + 2048, 2048, buffer.lkey());
        assertThat(qp.postReceive(2)).isZero();
        assertThat(notifyingCq.requestNotification(false)).isZero();
        assertThat(notifyingCq.poll(completions)).isZero();

        qp.moveToError();

        assertThat(channel.await(10_000)).isSameAs(notifyingCq);
        final List<String> flushed = drain(notifyingCq, completions, 2);
        assertThat(flushed).containsExactly(
            "10 " + CompletionStatus.WR_FLUSH_ERR + " " + qp.qpNumber(),
            "11 " + CompletionStatus.WR_FLUSH_ERR + " " + qp.qpNumber());
        assertThat(qp.state()).isEqualTo(QueuePairState.ERR);

        assertThat(qp.postSendWithImmediate(7L, buffer.address(), 64, buffer.lkey(), SendFlags.SIGNALED, 5)).isZero();
        assertThat(drain(sendCq, completions, 1)).containsExactly(
            "7 " + CompletionStatus.WR_FLUSH_ERR + " " + qp.qpNumber());
    }

    @Test
    void shouldCloseQueuePairCompletionQueuesAndChannelWithTheContext()
    {
        final CompletionChannel channel = context.createCompletionChannel();
        final CompletionQueue queue = context.createCompletionQueue(32, channel);
        final QueuePair qp = pd.createQueuePair(new QueuePairConfig(), queue, queue);
        final MemoryRegion region = pd.allocate(4096, AccessFlags.LOCAL_WRITE);
        assertThat(queue.openChildren()).isEqualTo(1);

        context.close();

        assertThat(qp.isClosed()).isTrue();
        assertThat(region.isClosed()).isTrue();
        assertThat(queue.isClosed()).isTrue();
        assertThat(sendCq.isClosed()).isTrue();
        assertThat(channel.isClosed()).isTrue();
        assertThat(context.openChildren()).isZero();
    }

    @Test
    void shouldCloseTheQueuePairsOfACompletionQueueFirst()
    {
        final QueuePair qp = pd.createQueuePair(new QueuePairConfig(), sendCq, recvCq);

        recvCq.close();

        assertThat(qp.isClosed()).isTrue();
        assertThat(pd.openChildren()).isZero();
        assertThat(sendCq.openChildren()).isZero();
    }

    @Test
    void shouldRejectAQueueDeeperThanTheDeviceAllowsBeforeCreatingIt()
    {
        final int tooDeep = context.attributes().maxQpWr() + 1;
        final QueuePairConfig config = new QueuePairConfig().sendQueueDepth(tooDeep);

        assertThatThrownBy(() -> pd.createQueuePair(config, sendCq, recvCq))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sendQueueDepth is " + tooDeep);
        assertThat(pd.openChildren()).isZero();
    }

    /** RESET to INIT as rdma_cm would do it, so that receives can be posted without a peer. */
    private static void moveToInit(final QueuePair qp)
    {
        final Memory attr = new Memory(QpAttrDescriptor.SIZE);
        attr.clear();
        attr.setInt(QpAttrDescriptor.QP_STATE_OFFSET, QueuePairState.INIT.code());
        attr.setShort(QpAttrDescriptor.PKEY_INDEX_OFFSET, (short)0);
        attr.setByte(QpAttrDescriptor.PORT_NUM_OFFSET, (byte)1);
        attr.setInt(QpAttrDescriptor.QP_ACCESS_FLAGS_OFFSET, 0);
        final int mask = QpAttrDescriptor.MASK_STATE | QpAttrDescriptor.MASK_PKEY_INDEX | QpAttrDescriptor.MASK_PORT
            | QpAttrDescriptor.MASK_ACCESS_FLAGS;

        assertThat(Ibverbs.ibv_modify_qp(qp.pointer(), attr, mask)).as("ibv_modify_qp to INIT").isZero();
        assertThat(qp.state()).isEqualTo(QueuePairState.INIT);
    }

    /** Polls until {@code expected} completions came or 5 s passed: "wr_id status qp_num" of each. */
    private static List<String> drain(
        final CompletionQueue queue, final WorkCompletions completions, final int expected)
    {
        final List<String> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.size() < expected && System.nanoTime() < deadline)
        {
            final int polled = queue.poll(completions);
            assertThat(polled).as("poll").isNotNegative();
            for (int i = 0; i < polled; i++)
            {
                seen.add(completions.wrId(i) + " " + completions.status(i) + " " + completions.qpNumber(i));
            }
            Thread.onSpinWait();
        }
        return seen;
    }
}

package io.rdmaspring.verbs;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkCompletionsTest
{
    @Test
    void shouldReadEachCompletionWhereIbvWcHasItsMembers()
    {
        final WorkCompletions completions = new WorkCompletions(2);
        final ByteBuffer memory = completions.memory();
        final int wc = WcDescriptor.SIZE;
        memory.putLong(wc + WcDescriptor.WR_ID_OFFSET, 0x1234_5678_9abcL);
        memory.putInt(wc + WcDescriptor.STATUS_OFFSET, CompletionStatus.SUCCESS);
        memory.putInt(wc + WcDescriptor.OPCODE_OFFSET, CompletionOpcode.RECV);
        memory.putInt(wc + WcDescriptor.VENDOR_ERR_OFFSET, 3);
        memory.putInt(wc + WcDescriptor.BYTE_LEN_OFFSET, 1500);
        memory.putInt(wc + WcDescriptor.IMM_DATA_OFFSET, NativeMemory.networkOrder(0xcafe));
        memory.putInt(wc + WcDescriptor.QP_NUM_OFFSET, 17);
        memory.putInt(wc + WcDescriptor.WC_FLAGS_OFFSET, WorkCompletions.WITH_IMM);

        assertThat(completions.wrId(1)).isEqualTo(0x1234_5678_9abcL);
        assertThat(completions.isSuccess(1)).isTrue();
        assertThat(completions.opcode(1)).isEqualTo(CompletionOpcode.RECV);
        assertThat(CompletionOpcode.isReceive(completions.opcode(1))).isTrue();
        assertThat(completions.vendorError(1)).isEqualTo(3);
        assertThat(completions.byteLength(1)).isEqualTo(1500);
        assertThat(completions.hasImmediate(1)).isTrue();
        assertThat(completions.immediate(1)).isEqualTo(0xcafe);
        assertThat(completions.qpNumber(1)).isEqualTo(17);
        assertThat(completions.hasImmediate(0)).isFalse();
    }

    @Test
    void shouldTellReceivesFromSends()
    {
        assertThat(CompletionOpcode.isReceive(CompletionOpcode.RECV_RDMA_WITH_IMM)).isTrue();
        assertThat(CompletionOpcode.isReceive(CompletionOpcode.SEND)).isFalse();
        assertThat(CompletionOpcode.isReceive(CompletionOpcode.RDMA_READ)).isFalse();
    }

    @Test
    void shouldDescribeAStatusInLibibverbsWords()
    {
        final WorkCompletions completions = new WorkCompletions(1);
        completions.memory().putInt(WcDescriptor.STATUS_OFFSET, CompletionStatus.WR_FLUSH_ERR);

        assertThat(completions.isSuccess(0)).isFalse();
        assertThat(completions.statusText(0)).isEqualToIgnoringCase("Work Request Flushed Error");
        assertThat(CompletionStatus.describe(CompletionStatus.SUCCESS)).isEqualTo("success");
    }

    @Test
    void shouldRejectAnIndexOutsideTheCompletions()
    {
        final WorkCompletions completions = new WorkCompletions(1);

        assertThatThrownBy(() -> completions.status(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new WorkCompletions(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkRequestsTest
{
    @Test
    void shouldShareTheListMembersOfSendAndReceiveRequests()
    {
        assertThat(SendWrDescriptor.WR_ID_OFFSET).isEqualTo(RecvWrDescriptor.WR_ID_OFFSET);
        assertThat(SendWrDescriptor.NEXT_OFFSET).isEqualTo(RecvWrDescriptor.NEXT_OFFSET);
        assertThat(SendWrDescriptor.SG_LIST_OFFSET).isEqualTo(RecvWrDescriptor.SG_LIST_OFFSET);
        assertThat(SendWrDescriptor.NUM_SGE_OFFSET).isEqualTo(RecvWrDescriptor.NUM_SGE_OFFSET);
    }

    @Test
    void shouldWriteASendWithImmediateWhereIbvSendWrHasItsMembers()
    {
        final SendWorkRequests requests = new SendWorkRequests(4, 2);

        requests.sendWithImmediate(1, 42L, 0x1000L, 64, 0x77, SendFlags.SIGNALED | SendFlags.INLINE, 0x01020304);

        final ByteBuffer memory = requests.memory;
        final int wr = offset(requests, 1);
        assertThat(wr).isEqualTo(SendWrDescriptor.SIZE);
        assertThat(memory.getLong(wr + SendWrDescriptor.WR_ID_OFFSET)).isEqualTo(42L);
        assertThat(memory.getLong(wr + SendWrDescriptor.NEXT_OFFSET)).isZero();
        assertThat(memory.getInt(wr + SendWrDescriptor.NUM_SGE_OFFSET)).isEqualTo(1);
        assertThat(memory.getInt(wr + SendWrDescriptor.OPCODE_OFFSET)).isEqualTo(SendWorkRequests.SEND_WITH_IMM);
        assertThat(memory.getInt(wr + SendWrDescriptor.SEND_FLAGS_OFFSET))
            .isEqualTo(SendFlags.SIGNALED | SendFlags.INLINE);
        assertThat(memory.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(wr + SendWrDescriptor.IMM_DATA_OFFSET))
            .as("imm_data in network byte order").isEqualTo(0x01020304);

        final int sge = (int)(memory.getLong(wr + SendWrDescriptor.SG_LIST_OFFSET) - requests.address(0));
        assertThat(sge).as("entries behind all requests, 2 per request").isEqualTo(4 * SendWrDescriptor.SIZE
            + 2 * SgeDescriptor.SIZE);
        assertThat(memory.getLong(sge + SgeDescriptor.ADDR_OFFSET)).isEqualTo(0x1000L);
        assertThat(memory.getInt(sge + SgeDescriptor.LENGTH_OFFSET)).isEqualTo(64);
        assertThat(memory.getInt(sge + SgeDescriptor.LKEY_OFFSET)).isEqualTo(0x77);
        assertThat(requests.immediate(1)).isEqualTo(0x01020304);
    }

    @Test
    void shouldOverwriteAllOfAReusedSendRequest()
    {
        final SendWorkRequests requests = new SendWorkRequests(2, 1);
        requests.sendWithImmediate(0, 1L, 0x1000L, 8, 1, SendFlags.SOLICITED, 99);

        requests.send(0, 2L, 0x2000L, 16, 2, 0);

        assertThat(requests.wrId(0)).isEqualTo(2L);
        assertThat(requests.opcode(0)).isEqualTo(SendWorkRequests.SEND);
        assertThat(requests.flags(0)).isZero();
        assertThat(requests.immediate(0)).isZero();
        assertThat(requests.entryAddress(0, 0)).isEqualTo(0x2000L);
        assertThat(requests.entryLength(0, 0)).isEqualTo(16);
        assertThat(requests.entryLkey(0, 0)).isEqualTo(2);
    }

    @Test
    void shouldGatherSeveralEntriesInOrder()
    {
        final SendWorkRequests requests = new SendWorkRequests(2, 3);

        requests.send(1, 5L, 0x1000L, 10, 7, 0);
        requests.entry(1, 1, 0x2000L, 20, 7);
        requests.entry(1, 2, 0x3000L, 30, 8);

        assertThat(requests.entries(1)).isEqualTo(3);
        assertThat(requests.entryAddress(1, 2)).isEqualTo(0x3000L);
        assertThat(requests.entryLength(1, 1)).isEqualTo(20);
        assertThat(requests.entryLkey(1, 2)).isEqualTo(8);
        assertThatThrownBy(() -> requests.entry(1, 3, 0x4000L, 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldChainRequestsAndEndTheListAtTheLast()
    {
        final ReceiveWorkRequests requests = new ReceiveWorkRequests(4, 1);
        for (int i = 0; i < 4; i++)
        {
            requests.receive(i, i, 0x1000L * i, 128, 3);
        }

        requests.chain(3);

        assertThat(requests.next(0)).isEqualTo(requests.address(1));
        assertThat(requests.next(1)).isEqualTo(requests.address(2));
        assertThat(requests.next(2)).isZero();
        assertThat(requests.address(1) - requests.address(0)).isEqualTo(RecvWrDescriptor.SIZE);
        assertThat(requests.address(0) % NativeMemory.CACHE_LINE).isZero();
    }

    @Test
    void shouldNameTheRequestAProviderRejected()
    {
        final ReceiveWorkRequests requests = new ReceiveWorkRequests(4, 1);
        final int badSlot = (int)(requests.badRequestAddress() - requests.address(0));

        requests.memory.putLong(badSlot, requests.address(2));

        assertThat(requests.failedIndex()).isEqualTo(2);
        requests.clearFailure();
        assertThat(requests.failedIndex()).isEqualTo(-1);
    }

    @Test
    void shouldRejectAnIndexOutsideTheRequests()
    {
        final ReceiveWorkRequests requests = new ReceiveWorkRequests(2, 1);

        assertThatThrownBy(() -> requests.receive(2, 1L, 0L, 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> requests.wrId(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static int offset(final WorkRequests requests, final int index)
    {
        return (int)(requests.address(index) - requests.address(0));
    }
}

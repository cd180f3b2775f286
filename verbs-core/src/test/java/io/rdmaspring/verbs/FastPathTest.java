package io.rdmaspring.verbs;

import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both fast paths against an ops table whose four slots point at libc functions that each change their first
 * argument in a recognisable way, so the slot, the argument and the result are all checked without a device.
 */
class FastPathTest
{
    private static final int CALLS = 100_000;

    static List<String> kinds()
    {
        return FastPaths.available();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void shouldCallEachVerbThroughItsOwnSlotOfTheOpsTable(final String kind)
    {
        final FastPath fastPath = FastPaths.create(libcOps(), kind);

        assertThat(fastPath.postSend(-7, 1, 2)).isEqualTo(7);
        assertThat(fastPath.postRecv('a', 1, 2)).isEqualTo('A');
        assertThat(fastPath.pollCq('Q', 16, 3)).isEqualTo('q');
        assertThat(fastPath.reqNotifyCq(8, 1)).isEqualTo(4);
        assertThat(fastPath).hasToString(kind);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void shouldPostWithoutAllocatingThroughFfm(final String kind)
    {
        final FastPath fastPath = FastPaths.create(libcOps(), kind);

        final long bytes = AllocationMeter.bytesAllocated(CALLS, 7, () -> fastPath.postSend(-7, 1, 2));

        System.out.printf("fast path %s: %d bytes in %d postSend calls (%.1f per call)%n",
            kind, bytes, CALLS, (double)bytes / CALLS);
        if ("ffm".equals(kind))
        {
            assertThat(bytes).isZero();
        }
    }

    @Test
    void shouldChooseTheFirstAvailableFastPathByDefault()
    {
        assertThat(FastPaths.create(libcOps(), "")).hasToString(FastPaths.available().get(0));
    }

    @Test
    void shouldRejectAnUnknownFastPath()
    {
        assertThatThrownBy(() -> FastPaths.create(libcOps(), "jni"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("rdma.fastpath=jni")
            .hasMessageContaining("jna or ffm");
    }

    /** A {@code struct ibv_context} whose ops are abs, toupper, tolower and ffs. */
    private static Memory libcOps()
    {
        final NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        final Memory context = new Memory(ContextDescriptor.NUM_COMP_VECTORS_OFFSET + Integer.BYTES);
        context.clear();
        context.setPointer(ContextDescriptor.OPS_POST_SEND_OFFSET, libc.getFunction("abs"));
        context.setPointer(ContextDescriptor.OPS_POST_RECV_OFFSET, libc.getFunction("toupper"));
        context.setPointer(ContextDescriptor.OPS_POLL_CQ_OFFSET, libc.getFunction("tolower"));
        context.setPointer(ContextDescriptor.OPS_REQ_NOTIFY_CQ_OFFSET, libc.getFunction("ffs"));
        return context;
    }
}

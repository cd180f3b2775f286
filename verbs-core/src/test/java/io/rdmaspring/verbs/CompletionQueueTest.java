package io.rdmaspring.verbs;

import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RdmaTest
class CompletionQueueTest
{
    private VerbsContext context;

    @BeforeEach
    void open()
    {
        context = VerbsContext.open(RdmaTestEnvironment.deviceName());
    }

    @AfterEach
    void close()
    {
        context.close();
    }

    @Test
    void shouldCreateACompletionQueueWithAtLeastTheEntriesAskedForAndCloseIt()
    {
        final CompletionQueue queue = context.createCompletionQueue(100, null);

        assertThat(queue.capacity()).isGreaterThanOrEqualTo(100);
        assertThat(queue.channel()).isNull();
        assertThat(queue.context()).isSameAs(context);
        assertThat(context.openChildren()).isEqualTo(1);

        queue.close();
        queue.close();

        assertThat(queue.isClosed()).isTrue();
        assertThat(context.openChildren()).isZero();
    }

    @Test
    void shouldPollNothingFromAnEmptyQueue()
    {
        final CompletionQueue queue = context.createCompletionQueue(16, null);
        final WorkCompletions completions = new WorkCompletions(8);

        assertThat(queue.poll(completions)).isZero();
        assertThat(queue.poll(completions)).isZero();
    }

    @Test
    void shouldTimeOutWaitingForAnEventWhenNothingCompletes()
    {
        final CompletionChannel channel = context.createCompletionChannel();
        final CompletionQueue queue = context.createCompletionQueue(16, channel);
        assertThat(channel.fd()).isPositive();
        assertThat(queue.channel()).isSameAs(channel);

        assertThat(queue.requestNotification(false)).isZero();
        final long start = System.nanoTime();
        final CompletionQueue woken = channel.await(200);
        final long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(woken).isNull();
        assertThat(waitedMillis).isGreaterThanOrEqualTo(190);
        assertThat(queue.requestNotification(true)).isZero();
        assertThat(channel.await(0)).isNull();
    }

    @Test
    void shouldReturnEbadfInsteadOfThrowingOnceClosed()
    {
        final CompletionQueue queue = context.createCompletionQueue(16, null);
        queue.close();

        assertThat(queue.poll(new WorkCompletions(1))).isEqualTo(-Errno.EBADF);
        assertThat(queue.requestNotification(false)).isEqualTo(Errno.EBADF);
    }

    @Test
    void shouldCloseItsQueuesWithTheChannel()
    {
        final CompletionChannel channel = context.createCompletionChannel();
        final CompletionQueue first = context.createCompletionQueue(16, channel);
        final CompletionQueue second = context.createCompletionQueue(16, channel);
        assertThat(channel.openChildren()).isEqualTo(2);

        channel.close();

        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).isTrue();
        assertThat(channel.isClosed()).isTrue();
        assertThat(context.openChildren()).isZero();
        assertThatThrownBy(() -> context.createCompletionQueue(16, channel)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectMoreEntriesThanTheDeviceAllows()
    {
        final int tooMany = context.attributes().maxCqe() + 1;

        assertThatThrownBy(() -> context.createCompletionQueue(tooMany, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(String.valueOf(tooMany));
        assertThat(context.openChildren()).isZero();
    }
}

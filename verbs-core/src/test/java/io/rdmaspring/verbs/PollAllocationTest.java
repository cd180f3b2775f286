package io.rdmaspring.verbs;

import java.util.List;

import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What polling an empty completion queue allocates with each fast path this Java has. */
@RdmaTest
class PollAllocationTest
{
    private static final int POLLS = 100_000;

    static List<String> kinds()
    {
        return FastPaths.available();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void shouldPollAnEmptyQueueWithoutAllocatingThroughFfm(final String kind)
    {
        final String previous = System.setProperty(FastPaths.PROPERTY, kind);
        try (VerbsContext context = VerbsContext.open(RdmaTestEnvironment.deviceName()))
        {
            restore(previous);
            final CompletionQueue queue = context.createCompletionQueue(64, null);
            final WorkCompletions completions = new WorkCompletions(16);
            assertThat(context.fastPath()).hasToString(kind);

            final long bytes = AllocationMeter.bytesAllocated(POLLS, 0, () -> queue.poll(completions));
            final long started = System.nanoTime();
            for (int i = 0; i < POLLS; i++)
            {
                queue.poll(completions);
            }
            final long nanosPerPoll = (System.nanoTime() - started) / POLLS;

            System.out.printf("fast path %s on %s: %d bytes in %d polls of an empty CQ (%.1f per poll), %d ns/poll%n",
                kind, context.name(), bytes, POLLS, (double)bytes / POLLS, nanosPerPoll);
            if ("ffm".equals(kind))
            {
                assertThat(bytes).isZero();
            }
        }
        finally
        {
            restore(previous);
        }
    }

    private static void restore(final String previous)
    {
        if (previous == null)
        {
            System.clearProperty(FastPaths.PROPERTY);
        }
        else
        {
            System.setProperty(FastPaths.PROPERTY, previous);
        }
    }
}

package io.rdmaspring.sample.producer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SummaryTest
{
    private static final Summary COMPLETE = new Summary("rxe0", 4000, 4000, 4000, 0, 812.34, 2104.96, 1432.4);

    @Test
    void shouldPrintTheLineScriptsParse()
    {
        assertThat(COMPLETE.line()).isEqualTo("SUMMARY device=rxe0 sent=4000 acknowledged=4000 received=4000 failed=0 "
            + "p50_us=812.3 p99_us=2105.0 msgs_per_s=1432");
    }

    @Test
    void shouldParseTheLineBackEvenAfterALogPrefix()
    {
        final Summary parsed = Summary.parse("producer | " + COMPLETE.line());

        assertThat(parsed).isEqualTo(new Summary("rxe0", 4000, 4000, 4000, 0, 812.3, 2105.0, 1432));
    }

    @Test
    void shouldRejectLinesThatAreNotSummaries()
    {
        assertThatThrownBy(() -> Summary.parse("Started SampleApplication")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Not a summary line");
        assertThatThrownBy(() -> Summary.parse("SUMMARY device=rxe0 sent=1")).hasMessageContaining("no acknowledged=");
        assertThatThrownBy(() -> Summary.parse(COMPLETE.line().replace("sent=4000", "sent=many")))
            .hasMessageContaining("not a number");
    }

    @Test
    void shouldReportNoProblemOnlyWhenEveryMessageWasSentAcknowledgedAndReceived()
    {
        assertThat(COMPLETE.problem(4000)).isNull();
        assertThat(COMPLETE.problem(5000)).isEqualTo("sent 4000 of 5000 messages");
        assertThat(new Summary("rxe0", 4000, 3990, 4000, 10, 1, 1, 1).problem(4000))
            .isEqualTo("10 of 4000 messages were not acknowledged");
        assertThat(new Summary("rxe0", 4000, 4000, 3999, 0, 1, 1, 1).problem(4000))
            .isEqualTo("the consumer counted 3999 of the 4000 messages sent");
    }
}

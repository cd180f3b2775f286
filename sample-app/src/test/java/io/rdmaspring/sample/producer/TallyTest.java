package io.rdmaspring.sample.producer;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TallyTest
{
    @Test
    void shouldCountAndKeepOnlyTheFirstFailureAsOneLineWithTheInnermostCause()
    {
        final Tally tally = new Tally();
        tally.sent();
        tally.sent();
        tally.acknowledged();
        tally.failed("event 2", new CompletionException(new IllegalStateException("connection lost\n  at peer")));
        tally.failed("event 3", new IllegalStateException("later"));

        assertThat(tally.sentCount()).isEqualTo(2);
        assertThat(tally.acknowledgedCount()).isEqualTo(1);
        assertThat(tally.firstFailure()).isEqualTo("event 2: IllegalStateException: connection lost at peer");
    }
}

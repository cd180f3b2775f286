package io.rdmaspring.sample.producer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyRecorderTest
{
    @Test
    void shouldGiveNearestRankPercentilesInMicroseconds()
    {
        final LatencyRecorder recorder = new LatencyRecorder(100);
        for (int i = 100; i >= 1; i--)
        {
            recorder.record(i * 1_000L);
        }

        assertThat(recorder.count()).isEqualTo(100);
        assertThat(recorder.percentileMicros(50)).isEqualTo(50.0);
        assertThat(recorder.percentileMicros(99)).isEqualTo(99.0);
        assertThat(recorder.percentileMicros(100)).isEqualTo(100.0);
    }

    @Test
    void shouldGiveTheOnlyValueForEveryPercentileAndZeroWhenEmpty()
    {
        final LatencyRecorder recorder = new LatencyRecorder(1);
        assertThat(recorder.percentileMicros(50)).isZero();

        recorder.record(1_500);

        assertThat(recorder.percentileMicros(1)).isEqualTo(1.5);
        assertThat(recorder.percentileMicros(99)).isEqualTo(1.5);
    }

    @Test
    void shouldRejectValuesBeyondItsCapacityAndPercentilesOutOfRange()
    {
        final LatencyRecorder recorder = new LatencyRecorder(1);
        recorder.record(1);

        assertThatThrownBy(() -> recorder.record(2)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("holds 1");
        assertThatThrownBy(() -> recorder.percentileMicros(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recorder.percentileMicros(101)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.rdmaspring.boot.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RdmaConnectionStatisticsTest
{
    @Test
    void shouldSumEverySourceAgainAtEachCall()
    {
        final List<RdmaConnectionStatistics> sources = new ArrayList<>(List.of(() -> 2, () -> 5));
        final RdmaConnectionStatistics sum = RdmaConnectionStatistics.sum(sources);

        assertThat(sum.openConnections()).isEqualTo(7);
        sources.add(() -> 1);
        assertThat(sum.openConnections()).isEqualTo(8);
    }

    @Test
    void shouldBeZeroWithoutSources()
    {
        assertThat(RdmaConnectionStatistics.sum(List.of()).openConnections()).isZero();
    }
}

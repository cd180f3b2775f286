package io.rdmaspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.rdmaspring.boot.core.RdmaConnectionStatistics;
import io.rdmaspring.boot.core.RdmaMetrics;
import io.rdmaspring.boot.metrics.MicrometerRdmaMetrics;

import static org.assertj.core.api.Assertions.assertThat;

class RdmaMetricsAutoConfigurationTest
{
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RdmaMetricsAutoConfiguration.class));

    private final ApplicationContextRunner withRegistry = runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void whenAMeterRegistryIsPresentThenRdmaMetricsReportToIt()
    {
        withRegistry.run(context ->
        {
            assertThat(context).hasNotFailed().hasSingleBean(RdmaMetrics.class).hasBean("rdmaMetrics");
            context.getBean(RdmaMetrics.class).sent("orders", 64);

            final MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("rdma.bytes.sent").tag("destination", "orders").counter().count()).isEqualTo(64);
            assertThat(registry.get("rdma.memory.pinned").gauge().value()).isZero();
        });
    }

    @Test
    void whenConnectionSourcesArePresentThenTheGaugeSumsThem()
    {
        withRegistry
            .withBean("client", RdmaConnectionStatistics.class, () -> () -> 2)
            .withBean("server", RdmaConnectionStatistics.class, () -> () -> 3)
            .run(context -> assertThat(context.getBean(MeterRegistry.class).get("rdma.connections").gauge().value())
                .isEqualTo(5));
    }

    @Test
    void whenMetricsAreDisabledThenAutoConfigurationBacksOff()
    {
        withRegistry.withPropertyValues("rdma.metrics.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RdmaMetrics.class));
    }

    @Test
    void whenNoMeterRegistryIsPresentThenAutoConfigurationBacksOff()
    {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RdmaMetrics.class));
    }

    @Test
    void whenMicrometerIsMissingThenAutoConfigurationBacksOff()
    {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RdmaMetrics.class));
    }

    @Test
    void whenTheApplicationDefinesRdmaMetricsThenItIsKept()
    {
        withRegistry.withBean("myMetrics", RdmaMetrics.class, () -> RdmaMetrics.NONE)
            .run(context ->
            {
                assertThat(context).hasNotFailed().hasSingleBean(RdmaMetrics.class);
                assertThat(context.getBean(RdmaMetrics.class)).isSameAs(RdmaMetrics.NONE);
                assertThat(context).doesNotHaveBean(MicrometerRdmaMetrics.class);
            });
    }
}

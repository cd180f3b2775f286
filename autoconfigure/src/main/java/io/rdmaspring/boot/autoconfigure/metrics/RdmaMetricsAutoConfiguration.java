package io.rdmaspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.rdmaspring.boot.core.RdmaConnectionStatistics;
import io.rdmaspring.boot.core.RdmaMetrics;
import io.rdmaspring.boot.metrics.MicrometerRdmaMetrics;
import io.rdmaspring.verbs.MemoryLimits;

/**
 * An {@link RdmaMetrics} bean that reports to the application's {@link MeterRegistry}, unless
 * {@code rdma.metrics.enabled=false}. Ordered after Spring Boot's metrics auto-configuration, which creates the
 * registry (named, so spring-boot-micrometer-metrics stays optional), and before RdmaAutoConfiguration, which uses
 * the bean.
 */
@AutoConfiguration(
    afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"},
    beforeName = "io.rdmaspring.boot.autoconfigure.RdmaAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "rdma.metrics.enabled", matchIfMissing = true)
public final class RdmaMetricsAutoConfiguration
{
    @Bean
    @ConditionalOnMissingBean(RdmaMetrics.class)
    MicrometerRdmaMetrics rdmaMetrics(final MeterRegistry registry,
        final ObjectProvider<RdmaConnectionStatistics> connections)
    {
        return new MicrometerRdmaMetrics(registry, RdmaConnectionStatistics.sum(connections), MemoryLimits::pinnedBytes);
    }
}

package io.rdmaspring.boot.autoconfigure.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.rdmaspring.boot.core.RdmaConnectionStatistics;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.boot.health.RdmaHealthIndicator;

/**
 * The {@code rdma} health contributor, when spring-boot-health is present and the application has
 * {@link RdmaResources}; {@code management.health.rdma.enabled=false} turns it off. Its connection count is the sum
 * of every {@link RdmaConnectionStatistics} bean.
 */
@AutoConfiguration(afterName = "io.rdmaspring.boot.autoconfigure.RdmaAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RdmaResources.class)
@ConditionalOnEnabledHealthIndicator("rdma")
public final class RdmaHealthContributorAutoConfiguration
{
    @Bean
    @ConditionalOnMissingBean(name = {"rdmaHealthIndicator", "rdmaHealthContributor"})
    RdmaHealthIndicator rdmaHealthIndicator(final RdmaResources resources,
        final ObjectProvider<RdmaConnectionStatistics> connections)
    {
        return new RdmaHealthIndicator(resources, RdmaConnectionStatistics.sum(connections));
    }
}

package io.rdmaspring.boot.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.rdmaspring.boot.autoconfigure.health.RdmaHealthContributorAutoConfiguration;
import io.rdmaspring.boot.core.RdmaConnectionStatistics;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.verbs.test.RdmaTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The health of a real device: rxe0 in the Soft-RoCE guest. */
@RdmaTest
class RdmaHealthIndicatorRdmaTest
{
    @Test
    void shouldReportUpWithThePortsDetailsThenDownOnceClosed()
    {
        final RdmaResources resources = RdmaResources.open(null, 1, null, 0);
        final RdmaHealthIndicator indicator = new RdmaHealthIndicator(resources, () -> 2);
        try
        {
            final Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                .containsEntry("device", resources.deviceName())
                .containsEntry("port", 1)
                .containsEntry("portState", "ACTIVE")
                .containsEntry("linkLayer", resources.portAttributes().linkLayer().displayName())
                .containsEntry("activeMtu", resources.portAttributes().activeMtu())
                .containsEntry("connections", 2)
                .containsEntry("memlockLimit", RdmaHealthIndicator.memlockLimit(resources.memlockLimit()))
                .containsKey("pinnedBytes")
                .doesNotContainKey("reason");
            assertThat((Integer)health.getDetails().get("activeMtu")).isPositive();
        }
        finally
        {
            resources.close();
        }

        final Health closed = indicator.health();
        assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
        assertThat(closed.getDetails()).containsEntry("reason",
            "The RDMA resources of " + resources.deviceName() + " are closed");
    }

    @Test
    void shouldBeAutoConfiguredOverTheApplicationsResourcesAndCountEveryConnectionSource()
    {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RdmaHealthContributorAutoConfiguration.class))
            .withBean(RdmaResources.class, () -> RdmaResources.open(null, 1, null, 0))
            .withBean("client", RdmaConnectionStatistics.class, () -> () -> 1)
            .withBean("server", RdmaConnectionStatistics.class, () -> () -> 4)
            .run(context ->
            {
                final Health health = context.getBean("rdmaHealthIndicator", HealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails())
                    .containsEntry("device", context.getBean(RdmaResources.class).deviceName())
                    .containsEntry("connections", 5);
            });
    }
}

package io.rdmaspring.boot.autoconfigure.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.boot.health.RdmaHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditions, on a host without a device. RdmaResources cannot be opened here, so a lazy definition of that
 * type stands in for RdmaAutoConfiguration's: conditions see the bean, and nothing is created. That the indicator
 * reads a real device is RdmaHealthIndicatorRdmaTest's job.
 */
class RdmaHealthContributorAutoConfigurationTest
{
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RdmaHealthContributorAutoConfiguration.class));

    private final ApplicationContextRunner withResources = runner
        .withInitializer(context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
        .withBean(RdmaResources.class, () ->
        {
            throw new IllegalStateException("RdmaResources cannot be opened without a device");
        });

    @Test
    void whenRdmaResourcesArePresentThenRdmaHealthIndicatorIsDefined()
    {
        withResources.run(context ->
        {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(RdmaHealthIndicator.class, true, false))
                .containsExactly("rdmaHealthIndicator");
        });
    }

    @Test
    void whenNoRdmaResourcesThenAutoConfigurationBacksOff()
    {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("rdmaHealthIndicator"));
    }

    @Test
    void whenRdmaHealthIsDisabledThenAutoConfigurationBacksOff()
    {
        withResources.withPropertyValues("management.health.rdma.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("rdmaHealthIndicator"));
    }

    @Test
    void whenHealthDefaultsAreDisabledThenAutoConfigurationBacksOff()
    {
        withResources.withPropertyValues("management.health.defaults.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("rdmaHealthIndicator"));
    }

    @Test
    void whenSpringBootHealthIsMissingThenAutoConfigurationBacksOff()
    {
        withResources.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("rdmaHealthIndicator"));
    }

    @Test
    void whenTheApplicationDefinesRdmaHealthIndicatorThenItIsKept()
    {
        final HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        withResources.withBean("rdmaHealthIndicator", HealthIndicator.class, () -> own)
            .run(context ->
            {
                assertThat(context).hasNotFailed().hasSingleBean(HealthIndicator.class);
                assertThat(context.getBean("rdmaHealthIndicator")).isSameAs(own);
            });
    }
}

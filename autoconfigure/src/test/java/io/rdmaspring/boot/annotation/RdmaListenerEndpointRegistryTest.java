package io.rdmaspring.boot.annotation;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RdmaListenerEndpointRegistryTest
{
    private final RdmaListenerEndpointRegistry registry = new RdmaListenerEndpointRegistry();
    private final FakeContainerFactory factory = new FakeContainerFactory();

    @Test
    void shouldLookUpContainersById()
    {
        final FakeContainer orders = register("orders", null);
        final FakeContainer audit = register("audit", null);

        assertThat(registry.getListenerContainer("orders")).isSameAs(orders);
        assertThat(registry.getListenerContainer("billing")).isNull();
        assertThat(registry.getListenerContainerIds()).containsExactly("orders", "audit");
        assertThat(registry.getListenerContainers()).containsExactly(orders, audit);
    }

    @Test
    void shouldStartOnlyContainersThatStartAutomatically()
    {
        final FakeContainer orders = register("orders", null);
        final FakeContainer manual = register("manual", false);

        registry.start();

        assertThat(registry.isRunning()).isTrue();
        assertThat(orders.isRunning()).isTrue();
        assertThat(manual.isRunning()).isFalse();
    }

    @Test
    void shouldStartAContainerRegisteredWhileRunningAtOnce()
    {
        registry.start();

        assertThat(register("late", null).isRunning()).isTrue();
        assertThat(register("lateManual", false).isRunning()).isFalse();
    }

    @Test
    void shouldStopEveryContainer()
    {
        final FakeContainer orders = register("orders", null);
        final FakeContainer manual = register("manual", false);
        registry.start();
        manual.start();

        registry.stop();

        assertThat(registry.isRunning()).isFalse();
        assertThat(orders.isRunning()).isFalse();
        assertThat(manual.isRunning()).isFalse();
    }

    @Test
    void shouldCallBackOnlyWhenTheLastContainerHasStopped()
    {
        final FakeContainer orders = register("orders", null);
        final FakeContainer audit = register("audit", null);
        orders.stopAsynchronously = true;
        audit.stopAsynchronously = true;
        registry.start();
        final AtomicBoolean stopped = new AtomicBoolean();

        registry.stop(() -> stopped.set(true));
        orders.finishStopping();
        final boolean afterFirst = stopped.get();
        audit.finishStopping();

        assertThat(afterFirst).isFalse();
        assertThat(stopped).isTrue();
    }

    @Test
    void shouldCallBackAtOnceWhenNothingRuns()
    {
        register("manual", false);
        final AtomicBoolean stopped = new AtomicBoolean();

        registry.stop(() -> stopped.set(true));

        assertThat(stopped).isTrue();
    }

    @Test
    void shouldRejectADuplicateIdNamingBothEndpoints()
    {
        register("orders", null);

        assertThatIllegalStateException()
            .isThrownBy(() -> registry.registerListenerContainer(new SimpleRdmaListenerEndpoint("orders", "eu", m -> null), factory))
            .withMessageStartingWith("Two listeners have the id 'orders': endpoint 'orders' (")
            .withMessageEndingWith("; give each @RdmaListener its own id");
        assertThat(factory.endpoints).hasSize(1);
    }

    @Test
    void shouldStopRunningContainersWhenDestroyed() throws Exception
    {
        final FakeContainer orders = register("orders", null);
        registry.start();

        registry.destroy();

        assertThat(orders.isRunning()).isFalse();
    }

    @Test
    void shouldRunLateInTheLifecycle()
    {
        assertThat(registry.getPhase()).isEqualTo(Integer.MAX_VALUE - 100);
        assertThat(registry.isAutoStartup()).isTrue();
    }

    private FakeContainer register(final String id, final Boolean autoStartup)
    {
        final SimpleRdmaListenerEndpoint endpoint = new SimpleRdmaListenerEndpoint(id, id, message -> null);
        endpoint.setAutoStartup(autoStartup);
        return (FakeContainer)registry.registerListenerContainer(endpoint, factory);
    }
}

package io.rdmaspring.boot.observation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The observations as the template and the listener container call them, with a stand-in for a tracer. */
class RdmaObservationTest
{
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    @Test
    void shouldObserveATemplateSendWithItsDestinationPeerAndKind()
    {
        final Map<String, String> headers = new HashMap<>();

        RdmaObservationDocumentation.TEMPLATE_OBSERVATION
            .observation(null, DefaultRdmaTemplateObservationConvention.INSTANCE,
                () -> new RdmaSenderContext(headers, "orders", "10.77.0.1:7362", RdmaObservationDocumentation.REQUEST),
                registry)
            .observe(() -> { });

        assertThat(registry).hasObservationWithNameEqualTo("rdma.template").that()
            .hasContextualNameEqualTo("orders send")
            .hasLowCardinalityKeyValue("destination", "orders")
            .hasLowCardinalityKeyValue("peer", "10.77.0.1:7362")
            .hasLowCardinalityKeyValue("kind", "request")
            .hasBeenStarted()
            .hasBeenStopped();
    }

    @Test
    void shouldObserveAListenerInvocationAsOneWayByDefault()
    {
        RdmaObservationDocumentation.LISTENER_OBSERVATION
            .observation(null, DefaultRdmaListenerObservationConvention.INSTANCE,
                () -> new RdmaReceiverContext(Map.of(), "orders", "10.77.0.2"), registry)
            .observe(() -> { });

        assertThat(registry).hasObservationWithNameEqualTo("rdma.listener").that()
            .hasContextualNameEqualTo("orders process")
            .hasLowCardinalityKeyValue("destination", "orders")
            .hasLowCardinalityKeyValue("peer", "10.77.0.2")
            .hasLowCardinalityKeyValue("kind", "one-way");
    }

    @Test
    void shouldPropagateATraceHeaderFromTheSentFrameToTheListener()
    {
        registry.observationConfig().observationHandler(new FakePropagator());
        final Map<String, String> outgoing = new HashMap<>(Map.of("app", "value"));

        RdmaObservationDocumentation.TEMPLATE_OBSERVATION
            .observation(null, DefaultRdmaTemplateObservationConvention.INSTANCE,
                () -> new RdmaSenderContext(outgoing, "orders", "10.77.0.1:7362"), registry)
            .observe(() -> assertThat(outgoing).containsEntry("traceparent", TRACEPARENT));

        final Map<String, String> incoming = Map.copyOf(outgoing);
        final AtomicReference<RdmaReceiverContext> received = new AtomicReference<>();
        RdmaObservationDocumentation.LISTENER_OBSERVATION
            .observation(null, DefaultRdmaListenerObservationConvention.INSTANCE,
                () -> new RdmaReceiverContext(incoming, "orders", "10.77.0.2"), registry)
            .observe(() -> received.set((RdmaReceiverContext)registry.getCurrentObservation().getContext()));

        assertThat(outgoing).containsEntry("app", "value").containsEntry("traceparent", TRACEPARENT);
        assertThat(received.get().<String>get("extracted")).isEqualTo(TRACEPARENT);
        assertThat(received.get().getKind()).isEqualTo(Kind.CONSUMER);
        assertThat(received.get().message())
            .isEqualTo(new RdmaObservedMessage("orders", "10.77.0.2", RdmaObservationDocumentation.ONE_WAY));
    }

    @Test
    void shouldLetAnApplicationConventionReplaceTheDefault()
    {
        final RdmaTemplateObservationConvention custom = new DefaultRdmaTemplateObservationConvention()
        {
            @Override
            public KeyValues getLowCardinalityKeyValues(final RdmaSenderContext context)
            {
                return super.getLowCardinalityKeyValues(context).and("tenant", "blue");
            }
        };

        RdmaObservationDocumentation.TEMPLATE_OBSERVATION
            .observation(custom, DefaultRdmaTemplateObservationConvention.INSTANCE,
                () -> new RdmaSenderContext(new HashMap<>(), "orders", "10.77.0.1:7362"), registry)
            .observe(() -> { });

        assertThat(registry).hasObservationWithNameEqualTo("rdma.template").that()
            .hasLowCardinalityKeyValue("tenant", "blue")
            .hasLowCardinalityKeyValue("destination", "orders");
    }

    @Test
    void shouldNotCreateAContextWhenObservationIsOff()
    {
        assertThatNoException().isThrownBy(() -> RdmaObservationDocumentation.TEMPLATE_OBSERVATION
            .observation(null, DefaultRdmaTemplateObservationConvention.INSTANCE, () ->
            {
                throw new AssertionError("the context supplier ran with the no-op registry");
            }, ObservationRegistry.NOOP)
            .observe(() -> { }));
    }

    /** Does what a tracer's propagating handlers do: inject into the sender's carrier, extract from the receiver's. */
    private static final class FakePropagator implements ObservationHandler<Observation.Context>
    {
        @Override
        public void onStart(final Observation.Context context)
        {
            if (context instanceof SenderContext<?> sender)
            {
                inject(sender);
            }
            else if (context instanceof ReceiverContext<?> receiver)
            {
                context.put("extracted", extract(receiver));
            }
        }

        private static <C> void inject(final SenderContext<C> sender)
        {
            sender.getSetter().set(sender.getCarrier(), "traceparent", TRACEPARENT);
        }

        private static <C> String extract(final ReceiverContext<C> receiver)
        {
            return receiver.getGetter().get(receiver.getCarrier(), "traceparent");
        }

        @Override
        public boolean supportsContext(final Observation.Context context)
        {
            return true;
        }
    }
}

package io.rdmaspring.sample.consumer;

import org.junit.jupiter.api.Test;

import io.rdmaspring.sample.Confirmation;
import io.rdmaspring.sample.ConsumerCounts;
import io.rdmaspring.sample.Order;
import io.rdmaspring.sample.OrderEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderListenerTest
{
    private final OrderListener listener = new OrderListener(2);

    @Test
    void shouldPriceAndConfirmAnOrderAndCountIt()
    {
        final Confirmation confirmation = listener.onOrder(new Order(7, "acme", "gadget", 3), "10.77.0.1:41000");

        assertThat(confirmation).isEqualTo(new Confirmation(7, Confirmation.ACCEPTED, 3 * 1_199L, "10.77.0.1:41000"));
        assertThat(listener.onStatsRequest("counts")).isEqualTo(new ConsumerCounts(1, 0));
    }

    @Test
    void shouldRejectAnItemNotInTheCatalogWithoutCountingIt()
    {
        assertThatThrownBy(() -> listener.onOrder(new Order(8, "acme", "anvil", 1), "peer"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order 8: unknown item 'anvil'");
        assertThat(listener.counts()).isEqualTo(new ConsumerCounts(0, 0));
    }

    @Test
    void shouldCountEvents()
    {
        listener.onEvent(new OrderEvent(1, "paid"));
        listener.onEvent(new OrderEvent(1, "shipped"));

        assertThat(listener.counts().total()).isEqualTo(2);
    }
}

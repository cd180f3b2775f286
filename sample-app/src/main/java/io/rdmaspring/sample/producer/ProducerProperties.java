package io.rdmaspring.sample.producer;

import java.time.Duration;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The producer's run ({@code sample.producer.*}, or {@code SAMPLE_PRODUCER_ORDERS} and so on).
 *
 * @param orders        orders to send, each a request waiting for its confirmation; as many events follow
 * @param window        events sent but not yet confirmed as processed, at most; keeps the producer from waiting
 *                      on the consumer's credits for longer than the send timeout
 * @param consumerWait  how long to wait for the consumer to answer before the first order (it may still be starting)
 * @param timeout       how long to wait for the last events to be confirmed
 */
@Validated
@ConfigurationProperties("sample.producer")
public record ProducerProperties(@DefaultValue("2000") @Positive int orders, @DefaultValue("32") @Positive int window,
    @DefaultValue("60s") Duration consumerWait, @DefaultValue("60s") Duration timeout)
{
}

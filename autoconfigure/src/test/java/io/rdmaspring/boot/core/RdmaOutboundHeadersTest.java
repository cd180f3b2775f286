package io.rdmaspring.boot.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;

class RdmaOutboundHeadersTest
{
    @Test
    void shouldSendNothingForAMessageWithOnlyItsIdAndTimestamp()
    {
        final MessageHeaders headers = new MessageHeaders(null);

        assertThat(headers).containsKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP);
        assertThat(RdmaOutboundHeaders.of(headers)).isEmpty();
    }

    @Test
    void shouldSendNothingForEmptyHeaders()
    {
        assertThat(RdmaOutboundHeaders.of(new MessageHeaders(null, MessageHeaders.ID_VALUE_NONE, -1L)
        {
        })).isEmpty();
    }

    @Test
    void shouldSendApplicationHeadersAsTextInTheirOrder()
    {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("tenant", "a");
        values.put(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON);
        values.put("attempt", 3);

        assertThat(RdmaOutboundHeaders.of(new MessageHeaders(values))).containsOnly(Map.entry("tenant", "a"),
            Map.entry(MessageHeaders.CONTENT_TYPE, "application/json"), Map.entry("attempt", "3"));
    }

    @Test
    void shouldKeepThisLayersAndSpringsOwnHeadersHome()
    {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put(RdmaHeaders.DESTINATION, "orders");
        values.put(RdmaHeaders.CORRELATION_ID, 7L);
        values.put(MessageHeaders.REPLY_CHANNEL, "somewhere");
        values.put(MessageHeaders.ERROR_CHANNEL, "elsewhere");
        values.put("tenant", "a");

        assertThat(RdmaOutboundHeaders.of(new MessageHeaders(values))).containsOnly(Map.entry("tenant", "a"));
    }

    @Test
    void shouldSendNothingWhenNoHeaderTravels()
    {
        assertThat(RdmaOutboundHeaders.of(new MessageHeaders(Map.of(RdmaHeaders.PEER, "p:1")))).isEmpty();
    }
}

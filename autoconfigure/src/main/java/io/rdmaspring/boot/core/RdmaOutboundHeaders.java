package io.rdmaspring.boot.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.messaging.MessageHeaders;

/** Which Spring message headers travel in a frame: application headers as strings, not ids or this layer's own. */
public final class RdmaOutboundHeaders
{
    private RdmaOutboundHeaders()
    {
    }

    /** The headers to put into the frame, values as strings ({@code contentType} as its MIME type text). */
    public static Map<String, String> of(final MessageHeaders headers)
    {
        if (headers.isEmpty())
        {
            return Map.of();
        }
        final Map<String, String> frameHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) ->
        {
            if (value != null && !name.startsWith(RdmaHeaders.PREFIX) && !MessageHeaders.ID.equals(name)
                && !MessageHeaders.TIMESTAMP.equals(name) && !MessageHeaders.REPLY_CHANNEL.equals(name)
                && !MessageHeaders.ERROR_CHANNEL.equals(name))
            {
                frameHeaders.put(name, value.toString());
            }
        });
        return frameHeaders;
    }
}

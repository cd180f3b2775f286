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
        if (headers.size() == (headers.containsKey(MessageHeaders.ID) ? 1 : 0)
            + (headers.containsKey(MessageHeaders.TIMESTAMP) ? 1 : 0))
        {
            return Map.of(); // nothing but what never travels, as in most messages: no iterator over them
        }
        Map<String, String> frameHeaders = Map.of();
        for (final Map.Entry<String, Object> header : headers.entrySet())
        {
            final String name = header.getKey();
            final Object value = header.getValue();
            if (value != null && travels(name))
            {
                if (frameHeaders.isEmpty())
                {
                    frameHeaders = new LinkedHashMap<>();
                }
                frameHeaders.put(name, value.toString());
            }
        }
        return frameHeaders;
    }

    private static boolean travels(final String name)
    {
        return !name.startsWith(RdmaHeaders.PREFIX) && !MessageHeaders.ID.equals(name)
            && !MessageHeaders.TIMESTAMP.equals(name) && !MessageHeaders.REPLY_CHANNEL.equals(name)
            && !MessageHeaders.ERROR_CHANNEL.equals(name);
    }
}

package io.rdmaspring.sample.producer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one producer run achieved, printed as the single line scripts and tests parse:
 * <pre>
 * SUMMARY device=rxe0 sent=4000 acknowledged=4000 received=4000 failed=0 p50_us=812.3 p99_us=2104.9 msgs_per_s=1432
 * </pre>
 * {@code sent} counts orders and events the producer sent, {@code acknowledged} those confirmed (a reply for an
 * order, a completed future for an event: the consumer's listener processed it), {@code received} those the consumer
 * counted during the run, {@code failed} those sent but not acknowledged. Latencies are the orders' round trips;
 * throughput is acknowledged messages per second of sending.
 *
 * @param device             the RDMA device the producer used
 * @param sent               messages sent
 * @param acknowledged       messages the consumer confirmed
 * @param received           messages the consumer counted, as it reported them after the run
 * @param failed             messages sent and not confirmed
 * @param p50Micros          median request-reply round trip
 * @param p99Micros          99th percentile request-reply round trip
 * @param messagesPerSecond  acknowledged messages per second
 */
public record Summary(String device, long sent, long acknowledged, long received, long failed, double p50Micros,
    double p99Micros, double messagesPerSecond)
{
    public static final String PREFIX = "SUMMARY ";

    private static final String FORMAT =
        "SUMMARY device=%s sent=%d acknowledged=%d received=%d failed=%d p50_us=%.1f p99_us=%.1f msgs_per_s=%.0f";

    public String line()
    {
        return String.format(Locale.ROOT, FORMAT, device, sent, acknowledged, received, failed, p50Micros, p99Micros,
            messagesPerSecond);
    }

    /** Reads a line {@link #line()} printed; any text before {@code SUMMARY} (a log prefix) is ignored. */
    public static Summary parse(final String line)
    {
        final int start = line.indexOf(PREFIX);
        if (start < 0)
        {
            throw new IllegalArgumentException("Not a summary line (no '" + PREFIX.trim() + "'): " + line);
        }
        final Map<String, String> fields = new HashMap<>();
        for (final String field : line.substring(start + PREFIX.length()).trim().split("\\s+"))
        {
            final int equals = field.indexOf('=');
            if (equals <= 0)
            {
                throw new IllegalArgumentException("Summary field '" + field + "' is not name=value in: " + line);
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        try
        {
            return new Summary(field(fields, "device", line), Long.parseLong(field(fields, "sent", line)),
                Long.parseLong(field(fields, "acknowledged", line)), Long.parseLong(field(fields, "received", line)),
                Long.parseLong(field(fields, "failed", line)), Double.parseDouble(field(fields, "p50_us", line)),
                Double.parseDouble(field(fields, "p99_us", line)),
                Double.parseDouble(field(fields, "msgs_per_s", line)));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("Summary line has a field that is not a number: " + line, ex);
        }
    }

    /**
     * Why this run did not deliver all {@code expected} messages, in one line; null when every one was sent,
     * acknowledged and counted by the consumer.
     */
    public @Nullable String problem(final long expected)
    {
        if (sent != expected)
        {
            return "sent " + sent + " of " + expected + " messages";
        }
        if (acknowledged != expected || failed != 0)
        {
            return failed + " of " + expected + " messages were not acknowledged";
        }
        if (received != expected)
        {
            return "the consumer counted " + received + " of the " + expected + " messages sent";
        }
        return null;
    }

    private static String field(final Map<String, String> fields, final String name, final String line)
    {
        final String value = fields.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException("Summary line has no " + name + "=: " + line);
        }
        return value;
    }
}

package io.rdmaspring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

import io.rdmaspring.boot.core.RdmaDestination;
import io.rdmaspring.boot.frame.FrameDescriptor;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.verbs.ConnectionSecurity;
import io.rdmaspring.verbs.PeerAllowList;

/**
 * The rules {@link RdmaProperties} must satisfy. Each violation is reported on the field it concerns, so Spring Boot
 * names the property, its value and where it was set.
 */
final class RdmaPropertiesValidator
{
    private static final int MAX_DEVICE_PORT = 0xFF;

    private final RdmaProperties properties;
    private final Errors errors;

    RdmaPropertiesValidator(final RdmaProperties properties, final Errors errors)
    {
        this.properties = properties;
        this.errors = errors;
    }

    void validate()
    {
        requireBetween("port", properties.getPort(), 1, MAX_DEVICE_PORT);
        final Integer gidIndex = properties.getGidIndex();
        if (gidIndex != null)
        {
            requireBetween("gidIndex", gidIndex, 0, Integer.MAX_VALUE);
        }
        requireBytesBetween("maxMessageSize", properties.getMaxMessageSize(), 1, FrameLimits.MAX_PAYLOAD_LENGTH);
        requirePositive("connectTimeout", properties.getConnectTimeout());
        requirePositive("replyTimeout", properties.getReplyTimeout());
        if (properties.getPollSpin().isNegative())
        {
            errors.rejectValue("pollSpin", "invalid", "must not be negative; 0 sleeps as soon as there is no work");
        }
        properties.getRoutes().forEach(this::validateRoute);
        validateListener(properties.getListener());
        validateConnection(properties.getConnection());
        validateFrame(properties.getFrame());
        validateRetry(properties.getRetry());
        validateSecurity(properties.getSecurity());
    }

    private void validateSecurity(final RdmaProperties.Security security)
    {
        final String secret = security.getSharedSecret();
        if (secret != null && !secret.isEmpty()
            && secret.getBytes(StandardCharsets.UTF_8).length < ConnectionSecurity.MIN_SECRET_LENGTH)
        {
            // Not a field error: Spring Boot would print the rejected value, and the secret must never be shown.
            errors.reject("security.sharedSecret.tooShort", "rdma.security.shared-secret is shorter than "
                + ConnectionSecurity.MIN_SECRET_LENGTH + " bytes; use a random one of at least that length, e.g. "
                + "from `openssl rand -base64 32`");
        }
        try
        {
            PeerAllowList.of(security.getAllowedPeers());
        }
        catch (final IllegalArgumentException ex)
        {
            errors.rejectValue("security.allowedPeers", "invalid", ex.getMessage());
        }
        requireBetween("security.maxConnections", security.getMaxConnections(), 0, Integer.MAX_VALUE);
        requirePositive("security.tokenWindow", security.getTokenWindow());
    }

    private void validateRoute(final String name, final String uri)
    {
        try
        {
            RdmaDestination.parseRoute(name, uri);
        }
        catch (final IllegalArgumentException ex)
        {
            errors.rejectValue("routes[" + name + "]", "invalid", ex.getMessage());
        }
    }

    private void validateListener(final RdmaProperties.Listener listener)
    {
        if (listener.getAddress().isBlank())
        {
            errors.rejectValue("listener.address", "invalid", "must not be empty; use 0.0.0.0 to listen everywhere");
        }
        requireBetween("listener.port", listener.getPort(), 0, RdmaDestination.MAX_PORT);
        requireBetween("listener.concurrency", listener.getConcurrency(), 1, Integer.MAX_VALUE);
    }

    private void validateConnection(final RdmaProperties.Connection connection)
    {
        requireBetween("connection.sendQueueDepth", connection.getSendQueueDepth(), 1, Integer.MAX_VALUE);
        requireBetween("connection.receiveQueueDepth", connection.getReceiveQueueDepth(), 1, Integer.MAX_VALUE);
        if (connection.getLivenessTimeout().isNegative())
        {
            errors.rejectValue("connection.livenessTimeout", "invalid", "must not be negative; 0 disables the check");
        }
        if (connection.getBuffers() <= connection.getReceiveQueueDepth())
        {
            errors.rejectValue("connection.buffers", "invalid", "must be more than rdma.connection.receive-queue-depth ("
                + connection.getReceiveQueueDepth() + "): every posted receive holds a buffer and sends need some too");
        }
    }

    private void validateFrame(final RdmaProperties.Frame frame)
    {
        requireBetween("frame.maxDestinationLength", frame.getMaxDestinationLength(), 1,
            FrameDescriptor.MAX_DESTINATION_LENGTH);
        requireBetween("frame.maxHeaderCount", frame.getMaxHeaderCount(), 0, FrameDescriptor.MAX_HEADER_LENGTH);
        final int destinationLength =
            Math.min(Math.max(frame.getMaxDestinationLength(), 0), FrameDescriptor.MAX_DESTINATION_LENGTH);
        requireBytesBetween("frame.maxHeaderSize", frame.getMaxHeaderSize(), 0,
            FrameDescriptor.MAX_HEADER_LENGTH - FrameDescriptor.headerLength(destinationLength, 0));
    }

    private void validateRetry(final RdmaProperties.Retry retry)
    {
        requireBetween("retry.maxAttempts", retry.getMaxAttempts(), 1, Integer.MAX_VALUE);
        requirePositive("retry.initialInterval", retry.getInitialInterval());
        if (!(retry.getMultiplier() >= 1.0))
        {
            errors.rejectValue("retry.multiplier", "invalid", "must be at least 1.0 so that waits do not shrink");
        }
        if (retry.getMaxInterval().compareTo(retry.getInitialInterval()) < 0)
        {
            errors.rejectValue("retry.maxInterval", "invalid",
                "must not be shorter than rdma.retry.initial-interval ("
                    + DurationStyle.SIMPLE.print(retry.getInitialInterval()) + ")");
        }
    }

    private void requireBetween(final String field, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            errors.rejectValue(field, "invalid", max == Integer.MAX_VALUE
                ? "must be at least " + min
                : "must be between " + min + " and " + max);
        }
    }

    private void requireBytesBetween(final String field, final DataSize size, final long min, final long max)
    {
        if (size.toBytes() < min || size.toBytes() > max)
        {
            errors.rejectValue(field, "invalid", "must be between " + min + "B and " + max + "B");
        }
    }

    private void requirePositive(final String field, final Duration duration)
    {
        if (duration.isNegative() || duration.isZero())
        {
            errors.rejectValue(field, "invalid", "must be longer than zero");
        }
    }
}

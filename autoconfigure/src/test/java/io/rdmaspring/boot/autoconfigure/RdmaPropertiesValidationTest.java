package io.rdmaspring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bad value stops startup with a message that names the property, its value and what is wrong. */
class RdmaPropertiesValidationTest
{
    private final ApplicationContextRunner runner =
        new ApplicationContextRunner().withUserConfiguration(RdmaPropertiesBindingTest.Config.class);

    @Test
    void whenMaxMessageSizeIsNegativeThenStartupFails()
    {
        assertRejected("rdma.max-message-size=-1KB", "maxMessageSize", "must be between 1B and 2147418112B");
    }

    @Test
    void whenMaxMessageSizeIsZeroThenStartupFails()
    {
        assertRejected("rdma.max-message-size=0", "maxMessageSize", "must be between 1B and 2147418112B");
    }

    @Test
    void whenMaxMessageSizeDoesNotFitAFrameThenStartupFails()
    {
        assertRejected("rdma.max-message-size=3GB", "maxMessageSize", "must be between 1B and 2147418112B");
    }

    @Test
    void whenMaxMessageSizeIsNotASizeThenStartupFailsNamingTheProperty()
    {
        assertNotConverted("rdma.max-message-size=big", "rdma.max-message-size", "'big' does not match data size pattern");
    }

    @Test
    void whenThePollSpinIsNegativeThenStartupFails()
    {
        assertRejected("rdma.poll-spin=-1ms", "pollSpin", "must not be negative; 0 sleeps as soon as there is no work");
    }

    @Test
    void whenThePollModeIsUnknownThenStartupFailsNamingTheProperty()
    {
        assertNotConverted("rdma.poll-mode=spin", "rdma.poll-mode", "No enum constant");
    }

    @Test
    void whenTheListenerPortIsNotANumberThenStartupFailsNamingTheProperty()
    {
        assertNotConverted("rdma.listener.port=http", "rdma.listener.port", "For input string: \"http\"");
    }

    @Test
    void whenTheDevicePortIsZeroThenStartupFails()
    {
        assertRejected("rdma.port=0", "port", "must be between 1 and 255");
    }

    @Test
    void whenTheGidIndexIsNegativeThenStartupFails()
    {
        assertRejected("rdma.gid-index=-1", "gidIndex", "must be at least 0");
    }

    @Test
    void whenTheConnectTimeoutIsZeroThenStartupFails()
    {
        assertRejected("rdma.connect-timeout=0s", "connectTimeout", "must be longer than zero");
    }

    @Test
    void whenTheReplyTimeoutIsNegativeThenStartupFails()
    {
        assertRejected("rdma.reply-timeout=-1s", "replyTimeout", "must be longer than zero");
    }

    @Test
    void whenARouteIsNotAPeerUriThenStartupFailsNamingTheRoute()
    {
        assertRejected("rdma.routes.orders=rdma://orders:99999", "routes[orders]",
            "Invalid RDMA destination 'rdma://orders:99999': port 99999 is out of range 1-65535");
    }

    @Test
    void whenTheListenerPortIsOutOfRangeThenStartupFails()
    {
        assertRejected("rdma.listener.port=70000", "listener.port", "must be between 0 and 65535");
    }

    @Test
    void whenTheListenerAddressIsBlankThenStartupFails()
    {
        assertRejected("rdma.listener.address= ", "listener.address",
            "must not be empty; use 0.0.0.0 to listen everywhere");
    }

    @Test
    void whenTheListenerConcurrencyIsZeroThenStartupFails()
    {
        assertRejected("rdma.listener.concurrency=0", "listener.concurrency", "must be at least 1");
    }

    @Test
    void whenTheSendQueueDepthIsZeroThenStartupFails()
    {
        assertRejected("rdma.connection.send-queue-depth=0", "connection.sendQueueDepth", "must be at least 1");
    }

    @Test
    void whenBuffersDoNotExceedTheReceiveQueueDepthThenStartupFails()
    {
        assertRejected("rdma.connection.buffers=64", "connection.buffers",
            "must be more than rdma.connection.receive-queue-depth (64): every posted receive holds a buffer and "
            + "sends need some too");
    }

    @Test
    void whenTheDestinationLimitDoesNotFitAFrameThenStartupFails()
    {
        assertRejected("rdma.frame.max-destination-length=300", "frame.maxDestinationLength",
            "must be between 1 and 255");
    }

    @Test
    void whenTheHeaderSizeDoesNotFitAFrameThenStartupFails()
    {
        assertRejected("rdma.frame.max-header-size=64KB", "frame.maxHeaderSize", "must be between 0B and 65257B");
    }

    @Test
    void whenTheHeaderCountIsNegativeThenStartupFails()
    {
        assertRejected("rdma.frame.max-header-count=-1", "frame.maxHeaderCount", "must be between 0 and 65535");
    }

    @Test
    void whenRetryHasNoAttemptsThenStartupFails()
    {
        assertRejected("rdma.retry.max-attempts=0", "retry.maxAttempts", "must be at least 1");
    }

    @Test
    void whenTheRetryMultiplierShrinksWaitsThenStartupFails()
    {
        assertRejected("rdma.retry.multiplier=0.5", "retry.multiplier", "must be at least 1.0 so that waits do not shrink");
    }

    @Test
    void whenTheRetryMaxIntervalIsShorterThanTheInitialOneThenStartupFails()
    {
        assertRejected("rdma.retry.max-interval=500ms", "retry.maxInterval",
            "must not be shorter than rdma.retry.initial-interval (1000ms)");
    }

    @Test
    void whenSeveralValuesAreBadThenEachIsReported()
    {
        runner.withPropertyValues("rdma.port=0", "rdma.listener.concurrency=0").run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(BindValidationException.class,
                ex -> assertThat(ex.getValidationErrors().getAllErrors())
                    .map(error -> ((FieldError)error).getField())
                    .containsExactlyInAnyOrder("port", "listener.concurrency"));
        });
    }

    @Test
    void whenAnAllowedPeerIsAHostNameThenStartupFailsNamingTheEntry()
    {
        assertRejected("rdma.security.allowed-peers=10.0.0.0/8,db-server", "security.allowedPeers",
            "Allowed peer 'db-server' is not valid: it is not an IP address. Use an IP address (10.0.0.7, fe80::1) or "
                + "a CIDR block (10.0.0.0/24).");
    }

    @Test
    void whenMaxConnectionsIsNegativeThenStartupFails()
    {
        assertRejected("rdma.security.max-connections=-1", "security.maxConnections", "must be at least 0");
    }

    @Test
    void whenTheTokenWindowIsZeroThenStartupFails()
    {
        assertRejected("rdma.security.token-window=0s", "security.tokenWindow", "must be longer than zero");
    }

    @Test
    void whenTheSharedSecretIsShortThenStartupFailsWithoutShowingIt()
    {
        runner.withPropertyValues("rdma.security.shared-secret=hunter2").run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(BindValidationException.class,
                ex ->
                {
                    assertThat(ex.getValidationErrors().getAllErrors()).singleElement().satisfies(error ->
                    {
                        assertThat(error).isNotInstanceOf(FieldError.class);
                        assertThat(error.getDefaultMessage()).startsWith("rdma.security.shared-secret is shorter than "
                            + "16 bytes");
                    });
                    assertThat(ex.getMessage()).doesNotContain("hunter2");
                });
            assertThat(context.getStartupFailure()).hasStackTraceContaining("shorter than 16 bytes");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain("hunter2");
        });
    }

    private static String stackTrace(final Throwable failure)
    {
        final java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private void assertRejected(final String property, final String field, final String reason)
    {
        runner.withPropertyValues(property).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(BindValidationException.class,
                ex ->
                {
                    assertThat(ex.getValidationErrors().getAllErrors()).singleElement().satisfies(error ->
                    {
                        assertThat(error).isInstanceOf(FieldError.class);
                        assertThat(((FieldError)error).getField()).isEqualTo(field);
                        assertThat(error.getDefaultMessage()).isEqualTo(reason);
                    });
                    assertThat(ex.getMessage()).contains("on field '" + field + "'", reason);
                });
        });
    }

    private void assertNotConverted(final String property, final String name, final String reason)
    {
        runner.withPropertyValues(property).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasCauseInstanceOf(BindException.class)
                .cause().hasMessageStartingWith("Failed to bind properties under '" + name + "'");
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(reason);
        });
    }
}

package io.rdmaspring.boot.autoconfigure;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import io.rdmaspring.boot.core.RdmaDestination;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.verbs.ConnectionSecurity;

import static org.assertj.core.api.Assertions.assertThat;

class RdmaPropertiesBindingTest
{
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void whenNothingIsSetThenTheDefaultsApply()
    {
        runner.run(context ->
        {
            final RdmaProperties properties = context.getBean(RdmaProperties.class);
            assertThat(properties.getDevice()).isNull();
            assertThat(properties.getPort()).isEqualTo(1);
            assertThat(properties.getGidIndex()).isNull();
            assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
            assertThat(properties.getPollMode()).isEqualTo(RdmaProperties.PollMode.EVENT);
            assertThat(properties.getPollSpin()).isEqualTo(Duration.ofNanos(100_000));
            assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.getReplyTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.getRoutes()).isEmpty();
            assertThat(properties.getListener().getAddress()).isEqualTo("0.0.0.0");
            assertThat(properties.getListener().getPort()).isEqualTo(RdmaDestination.DEFAULT_PORT);
            assertThat(properties.getListener().getConcurrency()).isEqualTo(1);
            assertThat(properties.getConnection().getSendQueueDepth()).isEqualTo(64);
            assertThat(properties.getConnection().getReceiveQueueDepth()).isEqualTo(64);
            assertThat(properties.getConnection().getBuffers()).isEqualTo(128);
            assertThat(properties.getTemplate().getDefaultDestination()).isNull();
            assertThat(properties.getRetry().isEnabled()).isFalse();
            assertThat(properties.getMetrics().isEnabled()).isTrue();
            assertThat(properties.getObservation().isEnabled()).isFalse();
            assertThat(properties.getSecurity().getSharedSecret()).isNull();
            assertThat(properties.getSecurity().getAllowedPeers()).isEmpty();
            assertThat(properties.getSecurity().getMaxConnections()).isZero();
            assertThat(properties.getSecurity().getTokenWindow()).isEqualTo(Duration.ofMinutes(2));
        });
    }

    @Test
    void whenNothingIsSetThenTheFrameLimitsAreTheCodecDefaults()
    {
        runner.run(context -> assertThat(context.getBean(RdmaProperties.class).toFrameLimits())
            .isEqualTo(FrameLimits.forPayload(FrameLimits.DEFAULT_MAX_PAYLOAD_LENGTH)));
    }

    @Test
    void whenSecurityIsSetThenTheConnectionConfigCarriesItWithoutShowingTheSecret()
    {
        runner.withPropertyValues("rdma.security.shared-secret=0123456789abcdef-secret",
                "rdma.security.allowed-peers[0]=10.77.0.0/24", "rdma.security.allowed-peers[1]=192.0.2.7",
                "rdma.security.max-connections=3", "rdma.security.token-window=45s")
            .run(context ->
            {
                final RdmaProperties properties = context.getBean(RdmaProperties.class);
                final ConnectionSecurity security = RdmaAutoConfiguration.connectionConfig(properties).security();
                assertThat(security.hasSharedSecret()).isTrue();
                assertThat(security.allowedPeers().allows(InetAddress.getByName("10.77.0.9"))).isTrue();
                assertThat(security.allowedPeers().allows(InetAddress.getByName("192.0.2.7"))).isTrue();
                assertThat(security.allowedPeers().allows(InetAddress.getByName("192.0.2.8"))).isFalse();
                assertThat(security.maxConnections()).isEqualTo(3);
                assertThat(security.tokenWindow()).isEqualTo(Duration.ofSeconds(45));
                assertThat(properties.getSecurity().toString()).doesNotContain("0123456789abcdef-secret");
                assertThat(RdmaAutoConfiguration.connectionConfig(properties).toString())
                    .doesNotContain("0123456789abcdef-secret");
            });
    }

    @Test
    void whenNoSecurityIsSetThenConnectionsAreNotChecked()
    {
        runner.run(context ->
        {
            final ConnectionSecurity security =
                RdmaAutoConfiguration.connectionConfig(context.getBean(RdmaProperties.class)).security();
            assertThat(security.hasSharedSecret()).isFalse();
            assertThat(security.allowedPeers().allowsEveryone()).isTrue();
            assertThat(security.maxConnections()).isZero();
        });
    }

    @Test
    void whenEveryPropertyIsSetThenEachBinds()
    {
        runner.withPropertyValues(
                "rdma.device=rxe0", "rdma.port=2", "rdma.gid-index=3", "rdma.max-message-size=1MB",
                "rdma.poll-mode=busy", "rdma.poll-spin=1ms", "rdma.connect-timeout=250ms", "rdma.reply-timeout=PT2S",
                "rdma.routes.orders=rdma://orders-service:9000", "rdma.routes[orders.created]=rdma://events/created",
                "rdma.listener.address=10.0.0.5", "rdma.listener.port=0", "rdma.listener.concurrency=4",
                "rdma.connection.send-queue-depth=16", "rdma.connection.receive-queue-depth=32",
                "rdma.connection.buffers=64", "rdma.frame.max-header-count=8", "rdma.frame.max-header-size=1KB",
                "rdma.frame.max-destination-length=100", "rdma.template.default-destination=orders",
                "rdma.retry.enabled=true", "rdma.retry.max-attempts=5", "rdma.retry.initial-interval=100",
                "rdma.retry.multiplier=1.5", "rdma.retry.max-interval=2s", "rdma.metrics.enabled=false",
                "rdma.observation.enabled=true", "rdma.security.shared-secret=0123456789abcdef-secret",
                "rdma.security.allowed-peers=10.77.0.0/24, fe80::1", "rdma.security.max-connections=10",
                "rdma.security.token-window=30s")
            .run(context ->
            {
                final RdmaProperties properties = context.getBean(RdmaProperties.class);
                assertThat(properties.getDevice()).isEqualTo("rxe0");
                assertThat(properties.getPort()).isEqualTo(2);
                assertThat(properties.getGidIndex()).isEqualTo(3);
                assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
                assertThat(properties.getPollMode()).isEqualTo(RdmaProperties.PollMode.BUSY);
                assertThat(properties.getPollSpin()).isEqualTo(Duration.ofMillis(1));
                assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofMillis(250));
                assertThat(properties.getReplyTimeout()).isEqualTo(Duration.ofSeconds(2));
                assertThat(properties.getRoutes()).containsExactly(Map.entry("orders", "rdma://orders-service:9000"),
                    Map.entry("orders.created", "rdma://events/created"));
                assertThat(properties.getListener().getAddress()).isEqualTo("10.0.0.5");
                assertThat(properties.getListener().getPort()).isZero();
                assertThat(properties.getListener().getConcurrency()).isEqualTo(4);
                assertThat(properties.getConnection().getSendQueueDepth()).isEqualTo(16);
                assertThat(properties.getConnection().getReceiveQueueDepth()).isEqualTo(32);
                assertThat(properties.getConnection().getBuffers()).isEqualTo(64);
                assertThat(properties.toFrameLimits()).isEqualTo(new FrameLimits(100, 8, 1024, 1024 * 1024));
                assertThat(properties.getTemplate().getDefaultDestination()).isEqualTo("orders");
                assertThat(properties.getRetry().isEnabled()).isTrue();
                assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(5);
                assertThat(properties.getRetry().getInitialInterval()).isEqualTo(Duration.ofMillis(100));
                assertThat(properties.getRetry().getMultiplier()).isEqualTo(1.5);
                assertThat(properties.getRetry().getMaxInterval()).isEqualTo(Duration.ofSeconds(2));
                assertThat(properties.getMetrics().isEnabled()).isFalse();
                assertThat(properties.getObservation().isEnabled()).isTrue();
                assertThat(properties.getSecurity().getSharedSecret()).isEqualTo("0123456789abcdef-secret");
                assertThat(properties.getSecurity().getAllowedPeers()).containsExactly("10.77.0.0/24", "fe80::1");
                assertThat(properties.getSecurity().getMaxConnections()).isEqualTo(10);
                assertThat(properties.getSecurity().getTokenWindow()).isEqualTo(Duration.ofSeconds(30));
            });
    }

    @Test
    void whenNamesAreCamelCaseOrUnderscoredThenTheyStillBind()
    {
        runner.withPropertyValues("rdma.maxMessageSize=2MB", "rdma.connection.receive_queue_depth=8",
                "rdma.listener.PORT=9000", "rdma.pollMode=BUSY")
            .run(context ->
            {
                final RdmaProperties properties = context.getBean(RdmaProperties.class);
                assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(2));
                assertThat(properties.getConnection().getReceiveQueueDepth()).isEqualTo(8);
                assertThat(properties.getListener().getPort()).isEqualTo(9000);
                assertThat(properties.getPollMode()).isEqualTo(RdmaProperties.PollMode.BUSY);
            });
    }

    @Test
    void whenSetThroughEnvironmentVariablesThenTheyBind()
    {
        final Map<String, Object> variables = Map.of("RDMA_MAXMESSAGESIZE", "128KB", "RDMA_LISTENER_PORT", "7400",
            "RDMA_CONNECTION_SENDQUEUEDEPTH", "10", "RDMA_ROUTES_ORDERS", "rdma://orders-service");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                    "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
            .run(context ->
            {
                final RdmaProperties properties = context.getBean(RdmaProperties.class);
                assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofKilobytes(128));
                assertThat(properties.getListener().getPort()).isEqualTo(7400);
                assertThat(properties.getConnection().getSendQueueDepth()).isEqualTo(10);
                assertThat(properties.getRoutes()).containsExactly(Map.entry("orders", "rdma://orders-service"));
            });
    }

    @Test
    void whenSizesAndDurationsHaveNoUnitThenBytesAndMillisecondsAreMeant()
    {
        runner.withPropertyValues("rdma.max-message-size=4096", "rdma.connect-timeout=1500")
            .run(context ->
            {
                final RdmaProperties properties = context.getBean(RdmaProperties.class);
                assertThat(properties.getMaxMessageSize()).isEqualTo(DataSize.ofBytes(4096));
                assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofMillis(1500));
            });
    }

    @Test
    void whenBoundWithAPlainBinderThenNoContextIsNeeded()
    {
        final Binder binder = new Binder(new MapConfigurationPropertySource(
            Map.of("rdma.device", "mlx5_0", "rdma.retry.max-attempts", "7", "rdma.routes.billing", "rdma://b:1/v2")));

        final RdmaProperties properties = binder.bind("rdma", RdmaProperties.class).get();

        assertThat(properties.getDevice()).isEqualTo("mlx5_0");
        assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(7);
        assertThat(properties.getRoutes()).containsEntry("billing", "rdma://b:1/v2");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RdmaProperties.class)
    static class Config
    {
    }
}

package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.rdmaspring.boot.autoconfigure.RdmaProperties;
import io.rdmaspring.boot.core.RdmaDeliveryException;
import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.verbs.AccessFlags;
import io.rdmaspring.verbs.MemoryRegion;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * The rdma.security.* properties between two applications on the RDMA device: a consumer that requires a shared
 * secret, allows the test address and one connection, and takes 4 KB messages; producers with the right, a wrong or
 * no secret. Only the first test establishes a connection: the others are rejected before the limit is counted.
 */
@RdmaTest
@ExtendWith(OutputCaptureExtension.class)
class RdmaSecurityTest
{
    private static final String SECRET = "rdma-security-test-secret-0123456789";
    private static final String AUTHENTICATION_FAILED = "rejected the connection: authentication failed: check that "
        + "rdma.security.shared-secret is the same on both sides";

    private static ConfigurableApplicationContext consumer;
    private static String peer;

    @BeforeAll
    static void startConsumer()
    {
        consumer = RdmaMessagingTest.application(ConsumerApplication.class,
            "rdma.listener.address=" + RdmaTestEnvironment.address(), "rdma.listener.port=0",
            "rdma.max-message-size=4KB", "rdma.security.shared-secret=" + SECRET,
            "rdma.security.allowed-peers=192.0.2.0/24," + RdmaTestEnvironment.address() + "/32",
            "rdma.security.max-connections=1");
        peer = "rdma://" + RdmaTestEnvironment.address() + ":" + consumer.getBean(RdmaServer.class).localAddress()
            .getPort();
    }

    @AfterAll
    static void stopConsumer()
    {
        if (consumer != null)
        {
            consumer.close();
        }
    }

    @Test
    void shouldServeAProducerWithTheSecretWithLocalOnlyBuffersLimitItsMessagesAndRefuseASecondConnection()
    {
        try (ConfigurableApplicationContext producer = producer("rdma.security.shared-secret=" + SECRET))
        {
            final RdmaTemplate template = producer.getBean(RdmaTemplate.class);
            assertThat(template.convertSendAndReceive("orders", new Order(1, "widget", 2), Confirmation.class))
                .extracting(Confirmation::status).isEqualTo("accepted 2 x widget");

            // the producer allows 64 KB, the consumer 4 KB: the consumer's frame limit holds, the connection stays
            final int consumerFrames = consumer.getBean(RdmaProperties.class).toFrameLimits().maxFrameLength();
            assertThatThrownBy(() -> template.convertSendAndReceive("orders",
                new Order(2, "x".repeat(consumerFrames), 1), Confirmation.class))
                .isInstanceOf(RdmaDeliveryException.class)
                .hasMessageContaining("does not fit in one frame")
                .hasMessageContaining("takes frames up to " + consumerFrames + " bytes")
                .hasMessageContaining("rdma.max-message-size, on both sides");
            assertThat(template.convertSendAndReceive("orders", new Order(3, "gadget", 1), Confirmation.class))
                .extracting(Confirmation::status).isEqualTo("accepted 1 x gadget");
            assertOnlyCreditWordsAreRemotelyWritable(producer);

            try (ConfigurableApplicationContext second = producer("rdma.security.shared-secret=" + SECRET))
            {
                assertThatThrownBy(() -> second.getBean(RdmaTemplate.class).convertSendAndReceive("orders",
                    new Order(4, "widget", 1), Confirmation.class))
                    .isInstanceOf(RdmaDeliveryException.class)
                    .hasMessageContaining("rejected the connection: the server has reached its connection limit "
                        + "(rdma.security.max-connections = 1)");
            }
        }
    }

    @Test
    void shouldRejectAProducerWithAnotherSecretAndLogWhoWasRejected(final CapturedOutput output)
    {
        try (ConfigurableApplicationContext producer = producer("rdma.security.shared-secret=another-secret-01234567"))
        {
            assertThatThrownBy(() -> producer.getBean(RdmaTemplate.class).convertSendAndReceive("orders",
                new Order(5, "widget", 1), Confirmation.class))
                .isInstanceOf(RdmaDeliveryException.class)
                .hasMessageContaining("Cannot connect to " + peer.substring("rdma://".length()))
                .hasMessageContaining(AUTHENTICATION_FAILED);
        }
        assertThat(output).contains("WARN").contains("Rejected the RDMA connection from /"
            + RdmaTestEnvironment.address()).contains("authentication failed").doesNotContain(SECRET)
            .doesNotContain("another-secret-01234567");
    }

    @Test
    void shouldRejectAProducerWithoutTheSecret()
    {
        try (ConfigurableApplicationContext producer = producer())
        {
            assertThatThrownBy(() -> producer.getBean(RdmaTemplate.class).convertSendAndReceive("orders",
                new Order(6, "widget", 1), Confirmation.class))
                .isInstanceOf(RdmaDeliveryException.class)
                .hasMessageContaining("rejected the connection: authentication required: the server has a shared "
                    + "secret; set the same rdma.security.shared-secret on this client");
        }
    }

    /** Every region both applications registered is local-only, but the credit words (no read, no atomics). */
    private static void assertOnlyCreditWordsAreRemotelyWritable(final ConfigurableApplicationContext producer)
    {
        for (final ConfigurableApplicationContext application : List.of(consumer, producer))
        {
            final List<MemoryRegion> regions = application.getBean(RdmaResources.class).protectionDomain()
                .memoryRegions();
            assertThat(regions).filteredOn(region -> region.access() == AccessFlags.LOCAL_WRITE).isNotEmpty();
            assertThat(regions).allSatisfy(region ->
            {
                if (region.access() != AccessFlags.LOCAL_WRITE)
                {
                    // the 64-byte word the peer acknowledges into by RDMA WRITE
                    assertThat(AccessFlags.toString(region.access())).isEqualTo("LOCAL_WRITE|REMOTE_WRITE");
                    assertThat(region.length()).isEqualTo(64);
                }
            });
        }
    }

    private static ConfigurableApplicationContext producer(final String... properties)
    {
        final String[] all = new String[properties.length + 2];
        all[0] = "rdma.routes.orders=" + peer;
        all[1] = "rdma.reply-timeout=60s";
        System.arraycopy(properties, 0, all, 2, properties.length);
        return RdmaMessagingTest.application(ProducerApplication.class, all);
    }
}

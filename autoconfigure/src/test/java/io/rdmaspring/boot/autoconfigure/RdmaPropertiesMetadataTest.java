package io.rdmaspring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration processor turns the Javadoc of every field into IDE help; this checks none was missed. */
class RdmaPropertiesMetadataTest
{
    private static final String METADATA = "/META-INF/spring-configuration-metadata.json";

    @Test
    void shouldDescribeEveryProperty() throws IOException
    {
        final List<Map<String, Object>> properties = metadata().read("$.properties[*]");

        assertThat(properties).map(property -> property.get("name")).containsExactlyInAnyOrder("rdma.device",
            "rdma.port", "rdma.gid-index", "rdma.max-message-size", "rdma.poll-mode", "rdma.poll-spin",
            "rdma.connect-timeout", "rdma.reply-timeout", "rdma.routes", "rdma.listener.address", "rdma.listener.port",
            "rdma.listener.concurrency", "rdma.connection.send-queue-depth", "rdma.connection.receive-queue-depth",
            "rdma.connection.buffers", "rdma.connection.liveness-timeout", "rdma.frame.max-header-count", "rdma.frame.max-header-size",
            "rdma.frame.max-destination-length", "rdma.template.default-destination", "rdma.retry.enabled",
            "rdma.retry.max-attempts", "rdma.retry.initial-interval", "rdma.retry.multiplier",
            "rdma.retry.max-interval", "rdma.metrics.enabled", "rdma.observation.enabled",
            "rdma.security.shared-secret", "rdma.security.allowed-peers", "rdma.security.max-connections",
            "rdma.security.token-window");
        assertThat(properties).allSatisfy(property ->
            assertThat((String)property.get("description")).as("%s", property.get("name")).isNotBlank());
    }

    @Test
    void shouldListEveryGroup() throws IOException
    {
        final List<String> groups = metadata().read("$.groups[*].name");

        assertThat(groups).containsExactlyInAnyOrder("rdma", "rdma.listener", "rdma.connection", "rdma.frame",
            "rdma.template", "rdma.retry", "rdma.metrics", "rdma.observation", "rdma.security");
    }

    @Test
    void shouldPublishTheDefaults() throws IOException
    {
        final DocumentContext metadata = metadata();

        assertThat(defaultOf(metadata, "rdma.max-message-size")).containsExactly("64KB");
        assertThat(defaultOf(metadata, "rdma.poll-mode")).containsExactly("event");
        assertThat(defaultOf(metadata, "rdma.poll-spin")).containsExactly("100000ns");
        assertThat(defaultOf(metadata, "rdma.connect-timeout")).containsExactly("5s");
        assertThat(defaultOf(metadata, "rdma.connection.liveness-timeout")).containsExactly("15s");
        assertThat(defaultOf(metadata, "rdma.listener.port")).containsExactly(7362);
        assertThat(defaultOf(metadata, "rdma.frame.max-header-count")).containsExactly(32);
        assertThat(defaultOf(metadata, "rdma.retry.max-attempts")).containsExactly(3);
        assertThat(defaultOf(metadata, "rdma.security.max-connections")).containsExactly(0);
        assertThat(defaultOf(metadata, "rdma.security.token-window")).containsExactly("2m");
    }

    private static List<Object> defaultOf(final DocumentContext metadata, final String name)
    {
        return metadata.read("$.properties[?(@.name == '" + name + "')].defaultValue");
    }

    private static DocumentContext metadata() throws IOException
    {
        try (InputStream json = RdmaPropertiesMetadataTest.class.getResourceAsStream(METADATA))
        {
            assertThat(json).as("generated " + METADATA).isNotNull();
            return JsonPath.parse(json);
        }
    }
}

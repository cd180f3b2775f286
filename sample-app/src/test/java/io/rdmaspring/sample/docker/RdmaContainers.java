package io.rdmaspring.sample.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers of the sample app's image (docker/Dockerfile) that use the Docker host's RDMA device the way
 * docker/compose.yaml runs them: the host's network (rdma_cm resolves addresses through the host's interfaces), every
 * file under /dev/infiniband, CAP_IPC_LOCK and no memlock limit (registered memory is pinned).
 * <pre>
 *   RdmaContainers.assumeAvailable();
 *   try (GenericContainer&lt;?&gt; consumer = RdmaContainers.app("consumer");
 *        GenericContainer&lt;?&gt; producer = RdmaContainers.app("producer"))
 *   {
 *       consumer.start();
 *       producer.start();
 *       ...
 *   }
 * </pre>
 * Where the host has no RDMA, the engine runs inside the Soft-RoCE guest:
 * {@code scripts/lib/docker-image && scripts/rxe-guest scripts/lib/guest-dockerd target/docker/rdma-sample-app.tar
 * ./mvnw -o -pl sample-app test -Dgroups=docker}. The device and address come from {@code RDMA_TEST_DEVICE} and
 * {@code RDMA_TEST_ADDRESS}, which the guest sets (rxe0, 10.77.0.1).
 */
public final class RdmaContainers
{
    /** System property naming the image; scripts/lib/docker-image tags it {@value #DEFAULT_IMAGE}. */
    public static final String IMAGE_PROPERTY = "rdma.image";

    public static final String DEFAULT_IMAGE = "rdma-sample-app:local";

    /** With {@code -Drdma.docker.required=true} a missing engine, image or device fails the tests instead of skipping. */
    public static final String REQUIRED_PROPERTY = "rdma.docker.required";

    /** The consumer's port, as in docker/compose.yaml. */
    public static final int LISTENER_PORT = 7362;

    /** What Spring Boot logs once the application has started. */
    public static final String STARTED_LOG = ".*Started \\S+ in .*\\n";

    /** How long an application gets to start, a bound: in the emulated guest beside another, JVMs take minutes. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger LOGGER = LoggerFactory.getLogger(RdmaContainers.class);
    private static final Path DEVICE_DIRECTORY = Path.of("/dev/infiniband");
    private static final String HOW_TO_RUN = "; build and load the image, then run the tests in the Soft-RoCE guest: "
        + "scripts/lib/docker-image && scripts/rxe-guest scripts/lib/guest-dockerd target/docker/rdma-sample-app.tar "
        + "./mvnw -o -pl sample-app test -Dgroups=docker";

    private RdmaContainers()
    {
    }

    public static DockerImageName image()
    {
        return DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
    }

    public static String device()
    {
        return environment("RDMA_TEST_DEVICE", "rxe0");
    }

    /** The IPv4 address of the device's netdev: where the consumer listens and the producer connects. */
    public static String address()
    {
        return environment("RDMA_TEST_ADDRESS", "10.77.0.1");
    }

    /**
     * The sample app in role {@code profile} (consumer or producer), with the environment compose.yaml gives it, its
     * output logged under {@code container.PROFILE}, started once Spring Boot reports it has. The system property
     * {@code rdma.test.jvm-options} (the build passes it on) becomes its {@code JAVA_TOOL_OPTIONS}.
     */
    public static GenericContainer<?> app(final String profile)
    {
        final GenericContainer<?> container = rdma(image());
        final String jvmOptions = System.getProperty("rdma.test.jvm-options", "").strip();
        if (!jvmOptions.isEmpty())
        {
            container.withEnv("JAVA_TOOL_OPTIONS", jvmOptions);
        }
        return container
            .withEnv("SPRING_PROFILES_ACTIVE", profile)
            .withEnv("RDMA_DEVICE", device())
            .withEnv("RDMA_LISTENER_ADDRESS", address())
            .withEnv("RDMA_LISTENER_PORT", Integer.toString(LISTENER_PORT))
            .withEnv("RDMA_ROUTES_ORDERS", "rdma://" + address() + ":" + LISTENER_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container." + profile)))
            .waitingFor(Wait.forLogMessage(STARTED_LOG, 1).withStartupTimeout(STARTUP_TIMEOUT));
    }

    /**
     * A container of {@code image} that can use the RDMA device; its command, environment and wait strategy are the
     * caller's.
     */
    public static GenericContainer<?> rdma(final DockerImageName image)
    {
        final List<Device> devices = deviceFiles();
        return new GenericContainer<>(image)
            .withNetworkMode("host")
            .withCreateContainerCmdModifier(cmd -> passDevice(cmd.getHostConfig(), devices));
    }

    /**
     * Skips the calling test, with how to run it, unless Docker answers, has the image and the device files exist;
     * fails it instead under {@code -D}{@value #REQUIRED_PROPERTY}{@code =true}.
     */
    public static void assumeAvailable()
    {
        final String reason = unavailabilityReason();
        if (reason != null && Boolean.getBoolean(REQUIRED_PROPERTY))
        {
            Assertions.fail(REQUIRED_PROPERTY + "=true but " + reason + HOW_TO_RUN);
        }
        Assumptions.assumeTrue(reason == null, () -> "container test skipped: " + reason + HOW_TO_RUN);
    }

    /** Why containers cannot use RDMA here, or null when they can. */
    public static @Nullable String unavailabilityReason()
    {
        if (!Files.isDirectory(DEVICE_DIRECTORY))
        {
            return "this host has no " + DEVICE_DIRECTORY;
        }
        if (!DockerClientFactory.instance().isDockerAvailable())
        {
            return "no Docker engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ")";
        }
        try
        {
            DockerClientFactory.instance().client().inspectImageCmd(image().asCanonicalNameString()).exec();
            return null;
        }
        catch (final NotFoundException ex)
        {
            return "the Docker engine has no image " + image().asCanonicalNameString();
        }
    }

    /**
     * Packets the test device has sent so far, where it counts them as Soft-RoCE does (its {@code sent_pkts}
     * counter), or -1 where it does not.
     */
    public static long sentPackets()
    {
        final Path counter = Path.of("/sys/class/infiniband", device(), "ports/1/hw_counters/sent_pkts");
        try
        {
            return Files.isReadable(counter) ? Long.parseLong(Files.readString(counter).trim()) : -1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("Cannot read " + counter + ", the device's sent-packet counter", ex);
        }
    }

    /**
     * Asserts the test device sent at least {@code expected} packets since {@link #sentPackets()} returned
     * {@code before}, and logs how many: proof the containers' messages went over that device, not some other path.
     * Does nothing where the device does not count packets.
     */
    public static void assertSentPackets(final long before, final long expected)
    {
        if (before < 0)
        {
            LOGGER.info("{} counts no packets (no hw_counters/sent_pkts): not checking the traffic went over it",
                device());
            return;
        }
        final long sent = sentPackets() - before;
        LOGGER.info("{} sent {} packets during the test (at least {} expected)", device(), sent, expected);
        Assertions.assertTrue(sent >= expected, () -> device() + " sent " + sent + " packets during the test, "
            + "fewer than the " + expected + " the messages need: they did not all go over it");
    }

    private static void passDevice(final @Nullable HostConfig hostConfig, final List<Device> devices)
    {
        if (hostConfig == null)
        {
            throw new IllegalStateException("Testcontainers created no HostConfig to add the RDMA device to");
        }
        hostConfig
            .withDevices(devices)
            .withCapAdd(Capability.IPC_LOCK)
            .withUlimits(List.of(new Ulimit("memlock", -1L, -1L)));
    }

    /** Every file under /dev/infiniband (uverbs0, rdma_cm, and umad/issm files where an HCA has them). */
    private static List<Device> deviceFiles()
    {
        try (Stream<Path> files = Files.list(DEVICE_DIRECTORY))
        {
            return files.sorted().map(file -> new Device("rwm", file.toString(), file.toString())).toList();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("Cannot list " + DEVICE_DIRECTORY + ": no RDMA device to pass into a "
                + "container" + HOW_TO_RUN, ex);
        }
    }

    private static String environment(final String name, final String fallback)
    {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

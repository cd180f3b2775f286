package io.rdmaspring.sample.docker;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.sun.jna.Native;
import io.rdmaspring.verbs.RdmaConnection;
import io.rdmaspring.verbs.bench.PingPongBenchmark;
import io.rdmaspring.verbs.test.RdmaTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image and {@link RdmaContainers} before the sample app exists: containers get the device, the capability and the
 * memlock limit, and two of them exchange messages over RDMA with verbs-core's ping-pong program, run on the image's
 * JRE and verbs libraries (its entry point replaced, the program's class path bound in from this test's: through the
 * HostConfig, as withFileSystemBind first checks binds with an image it pulls from a registry, and copying the files
 * in takes a minute in the emulated guest).
 */
@RdmaTest
@Tag("docker")
class RdmaContainersTest
{
    private static final int PORT = 7473;
    private static final int WARMUP = 50;
    private static final int MEASURED = 200;
    private static final int CAP_IPC_LOCK = 14;
    private static final String CLASSPATH_DIRECTORY = "/verbs-classpath/";

    @BeforeAll
    static void requireDockerWithRdma()
    {
        RdmaContainers.assumeAvailable();
    }

    @Test
    void shouldGiveTheContainerTheDeviceFilesIpcLockAndNoMemlockLimit()
    {
        try (GenericContainer<?> container = oneShot(RdmaContainers.rdma(RdmaContainers.image())
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh"))
            .withCommand("-c", "ls /dev/infiniband; ulimit -l; grep CapEff /proc/self/status")))
        {
            container.start();
            final String output = container.getLogs();

            assertThat(output).contains("uverbs", "rdma_cm").containsPattern("(?m)^unlimited$");
            final Matcher capabilities = Pattern.compile("CapEff:\\s+([0-9a-f]+)").matcher(output);
            assertThat(capabilities.find()).as("CapEff in %s", output).isTrue();
            assertThat(Long.parseLong(capabilities.group(1), 16) & (1L << CAP_IPC_LOCK)).isNotZero();
        }
    }

    @Test
    void shouldExchangeMessagesOverRdmaBetweenTwoContainers() throws Exception
    {
        final long packetsBefore = RdmaContainers.sentPackets();
        // The server's ready file is its standard output: its "listening on" line tells the client when to connect.
        try (GenericContainer<?> server = pingPong("server", PORT, "/dev/stdout", 4096)
                .waitingFor(Wait.forLogMessage(".*listening on .*\\n", 1)
                    .withStartupTimeout(RdmaContainers.STARTUP_TIMEOUT));
             GenericContainer<?> client = oneShot(pingPong("client", PORT, "container", WARMUP, MEASURED, 64, 4096)))
        {
            server.start();
            client.start();
            final Integer serverExit = server.getDockerClient().waitContainerCmd(server.getContainerId()).start()
                .awaitStatusCode(2, TimeUnit.MINUTES);

            assertThat(client.getLogs()).contains("RESULT impl=container op=send_lat size=64 ",
                "RESULT impl=container op=send_lat size=4096 ");
            assertThat(server.getLogs()).contains("server echoed " + 2 * (WARMUP + MEASURED) + " messages");
            assertThat(serverExit).isZero();
        }
        RdmaContainers.assertSentPackets(packetsBefore, 2L * 2 * (WARMUP + MEASURED));
    }

    /** A container running PingPongBenchmark (server or client half) with {@code args}, on the image's JRE. */
    private static GenericContainer<?> pingPong(final Object... args) throws URISyntaxException
    {
        final List<Bind> binds = new ArrayList<>();
        for (final Class<?> type : List.of(PingPongBenchmark.class, RdmaConnection.class, Native.class,
            LoggerFactory.class))
        {
            final Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            final String target = CLASSPATH_DIRECTORY + binds.size() + "-" + source.getFileName();
            binds.add(new Bind(source.toString(), new Volume(target), AccessMode.ro));
        }
        final List<String> command = new ArrayList<>(List.of("-cp",
            binds.stream().map(bind -> bind.getVolume().getPath()).collect(Collectors.joining(":")),
            PingPongBenchmark.class.getName()));
        Arrays.stream(args).map(Object::toString).forEach(command::add);
        return RdmaContainers.rdma(RdmaContainers.image())
            .withEnv("RDMA_TEST_DEVICE", RdmaContainers.device())
            .withEnv("RDMA_TEST_ADDRESS", RdmaContainers.address())
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container.ping-pong-" + args[0])))
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("java").getHostConfig().withBinds(binds))
            .withCommand(command.toArray(String[]::new));
    }

    private static GenericContainer<?> oneShot(final GenericContainer<?> container)
    {
        return container.withStartupCheckStrategy(
            new OneShotStartupCheckStrategy().withTimeout(RdmaContainers.STARTUP_TIMEOUT));
    }
}

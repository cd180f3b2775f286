package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RdmaTest
class CmConnectionTest
{
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private VerbsContext context;
    private ProtectionDomain pd;

    @BeforeEach
    void open()
    {
        context = VerbsContext.open(RdmaTestEnvironment.deviceName());
        pd = context.allocateProtectionDomain();
    }

    @AfterEach
    void close()
    {
        context.close();
    }

    @Test
    void shouldConnectThroughRdmaCmAndCarryASend() throws Exception
    {
        final Endpoint server = new Endpoint();
        final Endpoint client = new Endpoint();
        try (RdmaAcceptor acceptor = RdmaAcceptor.listen(
                new InetSocketAddress(RdmaTestEnvironment.address(), 0), 8, STEP_TIMEOUT, () -> server);
             RdmaConnector connector = new RdmaConnector())
        {
            final CmId id = connector.connect(acceptor.localAddress(), STEP_TIMEOUT, client).get(30, TimeUnit.SECONDS);
            server.established.get(30, TimeUnit.SECONDS);

            assertThat(id.remoteAddress()).isEqualTo(acceptor.localAddress());
            assertThat(text(client.peerPrivateData)).isEqualTo("server-hello");
            assertThat(text(server.peerPrivateData)).isEqualTo("client-hello");

            final byte[] message = "hello over RC".getBytes(StandardCharsets.US_ASCII);
            client.region.buffer().put(0, message);
            assertThat(id.queuePair().postSend(7, client.region.address(), message.length, client.region.lkey(),
                SendFlags.SIGNALED)).isZero();

            assertThat(client.awaitCompletion(client.sendCq).wrId(0)).isEqualTo(7);
            final WorkCompletions received = server.awaitCompletion(server.recvCq);
            assertThat(received.isSuccess(0)).isTrue();
            assertThat(received.byteLength(0)).isEqualTo(message.length);
            final byte[] content = new byte[message.length];
            server.region.buffer().get(0, content);
            assertThat(content).isEqualTo(message);
            assertThat(acceptor.openConnections()).isEqualTo(1);
            assertThat(connector.openConnections()).isEqualTo(1);
        }
        assertThat(server.queuePair.isClosed()).isTrue();
        assertThat(client.queuePair.isClosed()).isTrue();
    }

    @Test
    void shouldSayNothingListensWhenThePortIsClosed()
    {
        try (RdmaConnector connector = new RdmaConnector())
        {
            final CompletableFuture<CmId> attempt = connector.connect(
                new InetSocketAddress(RdmaTestEnvironment.address(), 1), STEP_TIMEOUT, new Endpoint());

            assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(VerbsException.class)
                .hasMessageContaining("nothing listens on port 1");
            assertThat(connector.openConnections()).isZero();
        }
    }

    @Test
    void shouldRefuseLoopbackBecauseNoRdmaDeviceServesIt()
    {
        try (RdmaConnector connector = new RdmaConnector())
        {
            final CompletableFuture<CmId> attempt = connector.connect(
                new InetSocketAddress("127.0.0.1", 7471), STEP_TIMEOUT, new Endpoint());

            assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(VerbsException.class)
                .hasMessageContaining("127.0.0.1")
                .hasMessageContaining("No RDMA device serves");
        }
        assertThatThrownBy(() -> RdmaAcceptor.listen(new InetSocketAddress("127.0.0.1", 0), 8, STEP_TIMEOUT,
            Endpoint::new))
            .isInstanceOf(VerbsException.class)
            .hasMessageContaining("No RDMA device serves 127.0.0.1");
    }

    @Test
    void shouldTimeOutInsteadOfHangingWhenThePeerNeverAnswers()
    {
        final String silent = RdmaTestEnvironment.address().replaceAll("\\.\\d+$", ".213");
        try (RdmaConnector connector = new RdmaConnector())
        {
            final long start = System.nanoTime();
            final CompletableFuture<CmId> attempt = connector.connect(
                new InetSocketAddress(silent, 7471), Duration.ofMillis(700), new Endpoint());

            assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(VerbsException.class)
                .hasMessageContaining(silent);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    /** Private data up to the first NUL: RoCE pads it to a fixed length. */
    private static String text(final byte[] privateData)
    {
        int length = 0;
        while (length < privateData.length && privateData[length] != 0)
        {
            length++;
        }
        return new String(privateData, 0, length, StandardCharsets.US_ASCII);
    }

    /** A minimal connection: a queue pair with one receive posted, recording what the CM reports. */
    private final class Endpoint implements ConnectionSetup
    {
        final CompletableFuture<CmId> established = new CompletableFuture<>();
        final WorkCompletions completions = new WorkCompletions(4);
        MemoryRegion region;
        CompletionQueue sendCq;
        CompletionQueue recvCq;
        QueuePair queuePair;
        byte[] peerPrivateData;

        @Override
        public byte[] prepare(final CmId id, final byte[] peerPrivateData)
        {
            this.peerPrivateData = peerPrivateData;
            region = pd.register(ByteBuffer.allocateDirect(4096), AccessFlags.LOCAL_WRITE);
            sendCq = context.createCompletionQueue(16, null);
            recvCq = context.createCompletionQueue(16, null);
            queuePair = id.createQueuePair(pd, new QueuePairConfig().sendQueueDepth(8).receiveQueueDepth(8),
                sendCq, recvCq);
            assertThat(queuePair.postReceive(1, region.address(), 4096, region.lkey())).isZero();
            return (peerPrivateData.length == 0 ? "client-hello" : "server-hello").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void established(final CmId id, final byte[] peerPrivateData)
        {
            if (peerPrivateData.length > 0)
            {
                this.peerPrivateData = peerPrivateData;
            }
            established.complete(id);
        }

        @Override
        public void disconnected(final CmId id, final CmEventType why)
        {
        }

        @Override
        public void failed(final CmId id, final VerbsException cause)
        {
            established.completeExceptionally(cause);
        }

        WorkCompletions awaitCompletion(final CompletionQueue cq)
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline)
            {
                if (cq.poll(completions) > 0)
                {
                    return completions;
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("no completion within 10 s on " + cq);
        }
    }
}

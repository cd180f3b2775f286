package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.rdmaspring.boot.autoconfigure.RdmaProperties;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.core.RdmaTemplate;
import io.rdmaspring.boot.core.UnknownDestinationException;
import io.rdmaspring.boot.frame.FrameDecoder;
import io.rdmaspring.boot.frame.FrameDecodingException;
import io.rdmaspring.boot.frame.FrameDescriptor;
import io.rdmaspring.boot.frame.FrameEncoder;
import io.rdmaspring.boot.frame.FrameFlags;
import io.rdmaspring.boot.frame.FrameHeader;
import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.boot.frame.FrameMutations;
import io.rdmaspring.boot.frame.RejectedFrame;
import io.rdmaspring.verbs.MemoryLimits;
import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;

/**
 * Bad input from a peer that uses verbs-core directly: each kind of malformed frame, then random ones. A frame whose
 * preamble is readable gets an error reply naming the defect and the connection stays open; one that cannot be
 * answered closes its connection before it is acknowledged. Every rejection is logged at WARN with the peer and the
 * defect. Throughout, a well-behaved {@link RdmaTemplate} client keeps exchanging requests and replies with the same
 * server, and afterwards nothing is left behind: connections, pinned memory and file descriptors are back.
 */
@RdmaTest
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedFrameTest
{
    private static final int FUZZ_FRAMES = 10_000;
    /** Frames per connection: each batch ends with at most one frame that closes it, and reconnecting is slow. */
    private static final int FUZZ_BATCH = 500;
    /** What the process may open besides connections during the fuzz run (class loading, log files). */
    private static final int FD_SLACK = 10;
    private static final AtomicLong CORRELATION_IDS = new AtomicLong(1_000);

    private static ConfigurableApplicationContext consumer;
    private static ConfigurableApplicationContext producer;
    private static RdmaServer server;
    private static FrameLimits limits;
    private static RawFramePeer peer;
    private static RawFramePeer.Link answering;
    private static GoodClient goodClient;

    @BeforeAll
    static void start() throws Exception
    {
        consumer = RdmaMessagingTest.application(ConsumerApplication.class,
            "rdma.listener.address=" + RdmaTestEnvironment.address(), "rdma.listener.port=0");
        server = consumer.getBean(RdmaServer.class);
        limits = consumer.getBean(RdmaProperties.class).toFrameLimits();
        final InetSocketAddress address = server.localAddress();
        producer = RdmaMessagingTest.application(ProducerApplication.class,
            "rdma.routes.orders=rdma://" + RdmaTestEnvironment.address() + ":" + address.getPort(),
            "rdma.reply-timeout=60s");
        goodClient = new GoodClient(producer.getBean(RdmaTemplate.class));
        goodClient.awaitMore(0);
        peer = new RawFramePeer(RdmaTestEnvironment.deviceName(), address, limits);
        answering = peer.connect();
    }

    @AfterAll
    static void stop()
    {
        if (goodClient != null)
        {
            goodClient.stop();
        }
        if (peer != null)
        {
            peer.close();
        }
        if (producer != null)
        {
            producer.close();
        }
        if (consumer != null)
        {
            consumer.close();
        }
    }

    static Stream<Arguments> answerableFrames()
    {
        final int maxHeader = FrameDescriptor.headerLength(limits().maxDestinationLength(), limits().maxHeaderBytes());
        return Stream.of(
            answerable("an unsupported version", frame -> put(frame, 4, (byte)2), "version 2 is not supported"),
            answerable("a reserved flag bit", frame -> put(frame, 5, (byte)0x09), "set reserved bits 0x08"),
            answerable("a header length beyond the message", frame -> putShort(frame, 6, 0xFFFF),
                "65535 bytes run past the end of the 37-byte region (truncated frame)"),
            answerable("a truncated header", frame -> Arrays.copyOf(frame, 20),
                "35 bytes run past the end of the 20-byte region (truncated frame)"),
            answerable("a payload length beyond the message", frame -> putInt(frame, 31, 1000),
                "1000 bytes run past the end of the region"),
            answerable("a negative payload length", frame -> putInt(frame, 31, -1), "-1 is negative"),
            answerable("a header count over the limit", frame -> putShort(frame, 23, 40),
                "40 headers exceed the configured maximum of 32"),
            answerable("a destination length past the header", frame -> put(frame, 16, (byte)200),
                "200 bytes run past the header"),
            answerable("a destination that is not UTF-8", frame -> put(frame, 17, (byte)0xFF),
                "destination at offset 17: is not valid UTF-8"),
            answerable("trailing bytes", frame -> Arrays.copyOf(frame, frame.length + 3), "leave 3 trailing bytes"),
            answerable("a header length over the limit", frame -> putShort(withPayload(frame, 5000), 6, maxHeader + 1),
                (maxHeader + 1) + " bytes exceed the configured maximum of " + maxHeader),
            answerable("a payload over the limit", frame -> withPayload(frame, limits().maxPayloadLength() + 1),
                (limits().maxPayloadLength() + 1) + " bytes exceed the configured maximum of "
                + limits().maxPayloadLength()));
    }

    @org.junit.jupiter.api.Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("answerableFrames")
    void shouldAnswerAMalformedFrameWithAReadablePreambleAndKeepTheConnection(final String kind,
        final UnaryOperator<byte[]> malform, final String defect, final CapturedOutput output)
    {
        final long before = goodClient.successes();
        final long correlationId = CORRELATION_IDS.incrementAndGet();
        final byte[] frame = malform.apply(orderRequest(correlationId));

        answering.send(frame);
        final RawFramePeer.Reply reply = answering.awaitReply(correlationId);

        assertThat(reply.header().isErrorReply()).isTrue();
        assertThat(reply.exceptionType()).isEqualTo(FrameDecodingException.class.getName());
        assertThat(reply.text()).startsWith("Malformed frame: ").contains(defect);
        assertThat(reply.header().destination()).isIn("orders", "");
        assertThat(answering.isOpen()).as("the connection stays open").isTrue();
        awaitLog(output, "Rejected a frame of " + frame.length + " bytes from ", "(correlation id " + correlationId
            + ", destination '" + reply.header().destination() + "') and told the sender: Malformed frame: ", defect);
        goodClient.awaitMore(before);
    }

    static Stream<Arguments> unanswerableFrames()
    {
        return Stream.of(
            Arguments.of("bad magic", (UnaryOperator<byte[]>)frame -> put(frame, 0, (byte)'X'),
                "magic at offset 0: bytes 58 44 4D 41 are not 52 44 4D 41"),
            Arguments.of("a message shorter than the preamble", (UnaryOperator<byte[]>)frame -> Arrays.copyOf(frame, 10),
                "header length at offset 6: 35 bytes run past the end of the 10-byte region"),
            Arguments.of("an empty message", (UnaryOperator<byte[]>)frame -> new byte[0],
                "magic at offset 0: needs 4 bytes but the region ends at offset 0"),
            Arguments.of("a malformed reply", (UnaryOperator<byte[]>)frame -> putShort(put(frame, 5,
                (byte)FrameFlags.REPLY), 23, 40), "header count at offset 23: 40 headers exceed"));
    }

    @org.junit.jupiter.api.Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("unanswerableFrames")
    void shouldCloseTheConnectionWithoutAcknowledgingAFrameThatCannotBeAnswered(final String kind,
        final UnaryOperator<byte[]> malform, final String defect, final CapturedOutput output) throws Exception
    {
        final long before = goodClient.successes();
        final int open = server.openConnections();
        final RawFramePeer.Link link = peer.connect();
        RawFramePeer.await(() -> server.openConnections() == open + 1, "the server to count the new connection");

        final long sequence = link.send(malform.apply(orderRequest(CORRELATION_IDS.incrementAndGet())));

        assertThat(sequence).isEqualTo(1);
        assertThat(link.awaitEnd()).as("the frame is not acknowledged: the sender's message failed").isZero();
        assertThat(link.replies).isEmpty();
        awaitLog(output, "and closed the connection: Malformed frame: " + defect);
        RawFramePeer.await(() -> server.openConnections() == open, "the server to drop the closed connection");
        assertThat(answering.isOpen()).isTrue();
        goodClient.awaitMore(before);
    }

    @org.junit.jupiter.api.Order(3)
    @Test
    void shouldAnswerAWellFormedFrameForAnUnknownDestination()
    {
        final long correlationId = CORRELATION_IDS.incrementAndGet();

        answering.send(frame(new FrameHeader(FrameFlags.REQUEST, correlationId, "nobody", Map.of()), new byte[0]));

        final RawFramePeer.Reply reply = answering.awaitReply(correlationId);
        assertThat(reply.exceptionType()).isEqualTo(UnknownDestinationException.class.getName());
        assertThat(reply.text()).contains("No listener for destination 'nobody'");
        assertThat(answering.isOpen()).isTrue();
    }

    @org.junit.jupiter.api.Order(4)
    @Test
    void shouldAnswerGarbageJsonWithTheConversionFailure()
    {
        final long correlationId = CORRELATION_IDS.incrementAndGet();

        answering.send(frame(new FrameHeader(FrameFlags.REQUEST, correlationId, "orders",
            Map.of("contentType", "application/json")), "{\"id\": 1, \"item\": [oops".getBytes(StandardCharsets.UTF_8)));

        final RawFramePeer.Reply reply = answering.awaitReply(correlationId);
        assertThat(reply.header().isErrorReply()).isTrue();
        assertThat(reply.text()).contains("could not convert the payload");
        assertThat(answering.isOpen()).isTrue();
    }

    @org.junit.jupiter.api.Order(5)
    @Test
    void shouldAnswerOrCloseForEachOfTenThousandRandomFramesAndLeakNothing() throws Exception
    {
        final long seed = Long.getLong("rdma.fuzz.seed", System.nanoTime());
        System.out.println("MalformedFrameTest fuzz seed " + seed + " (rerun with -Drdma.fuzz.seed=" + seed + ")");
        final long before = goodClient.successes();
        final int connections = server.openConnections();
        final long pinned = MemoryLimits.pinnedBytes();
        final long fds = openFileDescriptors();
        final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(RdmaServer.class.getName(), LogLevel.ERROR); // 10,000 WARN lines say nothing new
        final FuzzRun run;
        try
        {
            run = new FuzzRun(new Random(seed));
            run.sendAll();
        }
        finally
        {
            logging.setLogLevel(RdmaServer.class.getName(), null);
        }
        System.out.println("MalformedFrameTest fuzz: " + run.summary());

        assertThat(run.sent).isGreaterThanOrEqualTo(FUZZ_FRAMES);
        assertThat(run.answered).isGreaterThan(FUZZ_FRAMES / 2);
        assertThat(run.closings).isGreaterThan(10);
        goodClient.awaitMore(before);
        RawFramePeer.await(() -> server.openConnections() == connections,
            "the server's connections to return to " + connections + " (now " + server.openConnections() + ")");
        RawFramePeer.await(() -> MemoryLimits.pinnedBytes() <= pinned,
            "pinned memory to return to " + pinned + " bytes (now " + MemoryLimits.pinnedBytes() + ")");
        assertThat(openFileDescriptors()).as("open file descriptors").isLessThanOrEqualTo(fds + FD_SLACK);
        assertThat(answering.isOpen()).isTrue();
    }

    /**
     * Random and mutated frames in batches on one connection: up to {@link #FUZZ_BATCH} frames the server can
     * answer or ignore, then at most one it cannot, which must close the connection. Each frame is classified by a
     * decoder with the server's limits, and the outcome checked: an error reply for every frame that gets one (before
     * its acknowledgement), none for a well-formed reply, and no acknowledgement for the closing frame.
     */
    private static final class FuzzRun
    {
        private final Random random;
        private final FrameMutations mutations;
        private final FrameDecoder classifier = new FrameDecoder(limits);
        private final List<Sent> batch = new ArrayList<>();
        private RawFramePeer.Link link;
        private int sent;
        private int answered;
        private int ignored;
        private int closings;

        FuzzRun(final Random random) throws Exception
        {
            this.random = random;
            this.mutations = new FrameMutations(random, limits);
            this.link = peer.connect();
        }

        void sendAll() throws Exception
        {
            byte[] closing = null;
            while (sent < FUZZ_FRAMES)
            {
                final byte[] frame = randomFrame();
                final Expect expect = classify(frame);
                if (expect == Expect.CLOSE)
                {
                    closing = closing == null ? frame : closing;
                    continue;
                }
                send(frame, expect);
                if (batch.size() == FUZZ_BATCH - 1)
                {
                    if (closing != null)
                    {
                        send(closing, Expect.CLOSE);
                        closing = null;
                    }
                    check();
                }
            }
            check();
            link.close();
        }

        private void send(final byte[] frame, final Expect expect)
        {
            final long sequence = link.send(frame);
            assertThat(sequence).as("sequence of a frame sent after %s answered ones", answered).isPositive();
            batch.add(new Sent(sequence, correlationId(frame), expect));
            sent++;
        }

        private void check() throws Exception
        {
            if (batch.isEmpty())
            {
                return;
            }
            final Sent last = batch.get(batch.size() - 1);
            final long acknowledged;
            if (last.expect == Expect.CLOSE)
            {
                acknowledged = link.awaitEnd();
                assertThat(acknowledged).as("acknowledged when the server closed").isLessThan(last.sequence);
                closings++;
            }
            else
            {
                link.awaitAcknowledged(last.sequence);
                acknowledged = last.sequence;
            }
            for (final Sent frame : batch)
            {
                final boolean replied = link.replies.containsKey(frame.correlationId);
                if (frame.expect == Expect.ERROR_REPLY && frame.sequence <= acknowledged)
                {
                    assertThat(replied).as("an error reply to acknowledged frame %s", frame).isTrue();
                    answered++;
                }
                else if (frame.expect == Expect.NOTHING)
                {
                    assertThat(replied).as("a reply to the well-formed reply %s", frame).isFalse();
                    ignored += frame.sequence <= acknowledged ? 1 : 0;
                }
            }
            assertThat(link.malformed).as("malformed frames from the server").isEmpty();
            batch.clear();
            link.replies.clear();
            if (last.expect == Expect.CLOSE)
            {
                link = peer.connect();
            }
        }

        /** A frame, mutated up to three times, with a correlation id no other frame of the run has. */
        private byte[] randomFrame()
        {
            byte[] frame = mutations.encode(mutations.randomHeader(), mutations.randomPayload());
            for (int m = random.nextInt(4); m > 0; m--)
            {
                frame = mutations.mutate(frame);
            }
            if (frame.length >= FrameDescriptor.PREAMBLE_LENGTH)
            {
                ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(FrameDescriptor.CORRELATION_ID_OFFSET, CORRELATION_IDS.incrementAndGet());
            }
            return frame;
        }

        private Expect classify(final byte[] frame)
        {
            final AtomicReference<Expect> expect = new AtomicReference<>();
            try
            {
                classifier.decode(ByteBuffer.wrap(frame), 0, frame.length,
                    (header, payload) -> expect.set(header.isReply() ? Expect.NOTHING : Expect.ERROR_REPLY));
                return expect.get();
            }
            catch (final FrameDecodingException ex)
            {
                final RejectedFrame rejected = ex.rejectedFrame();
                return rejected == null || rejected.claimsReply() ? Expect.CLOSE : Expect.ERROR_REPLY;
            }
        }

        private static long correlationId(final byte[] frame)
        {
            return frame.length < FrameDescriptor.PREAMBLE_LENGTH ? -1
                : ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getLong(FrameDescriptor.CORRELATION_ID_OFFSET);
        }

        String summary()
        {
            return sent + " frames sent, " + answered + " answered with an error reply, " + ignored
                + " well-formed replies ignored, " + closings + " closed their connection";
        }
    }

    private enum Expect
    {
        ERROR_REPLY, NOTHING, CLOSE
    }

    private record Sent(long sequence, long correlationId, Expect expect)
    {
    }

    /** Requests and checks replies from the consumer in a loop until stopped, as an application would. */
    private static final class GoodClient
    {
        private final AtomicLong successes = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        GoodClient(final RdmaTemplate template)
        {
            thread = new Thread(() ->
            {
                for (long id = 1; running; id++)
                {
                    try
                    {
                        final Confirmation confirmation =
                            template.convertSendAndReceive("orders", new Order(id, "widget", 2), Confirmation.class);
                        if (confirmation == null || confirmation.orderId() != id)
                        {
                            throw new AssertionError("wrong confirmation for order " + id + ": " + confirmation);
                        }
                        successes.incrementAndGet();
                        Thread.sleep(10);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                    }
                }
            }, "good-client");
            thread.setDaemon(true);
            thread.start();
        }

        long successes()
        {
            return successes.get();
        }

        /** Waits for an exchange after {@code before} successful ones; fails if any exchange failed. */
        void awaitMore(final long before)
        {
            RawFramePeer.await(() -> successes.get() > before || failure.get() != null,
                "the good client to exchange another request and reply");
            assertThat(failure.get()).as("the good client's first failure").isNull();
        }

        void stop()
        {
            running = false;
            thread.interrupt();
        }
    }

    private static FrameLimits limits()
    {
        return limits;
    }

    private static Arguments answerable(final String kind, final UnaryOperator<byte[]> malform, final String defect)
    {
        return Arguments.of(kind, malform, defect);
    }

    /**
     * A 37-byte request to "orders": destination at 17, header count at 23, header "k" = "v" at 25, payload length
     * at 31, the 2-byte payload {@code {}} at 35.
     */
    private static byte[] orderRequest(final long correlationId)
    {
        return frame(new FrameHeader(FrameFlags.REQUEST, correlationId, "orders", Map.of("k", "v")),
            "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(final FrameHeader header, final byte[] payload)
    {
        final FrameEncoder encoder = new FrameEncoder(FrameLimits.forPayload(limits.maxPayloadLength() * 2));
        final byte[] bytes = new byte[encoder.frameLength(header, payload.length)];
        encoder.encode(ByteBuffer.wrap(bytes), 0, bytes.length, header, ByteBuffer.wrap(payload));
        return bytes;
    }

    /** The same 37-byte frame with a payload of {@code length} bytes. */
    private static byte[] withPayload(final byte[] frame, final int length)
    {
        final byte[] bigger = Arrays.copyOf(frame, 35 + length);
        return putInt(bigger, 31, length);
    }

    private static byte[] put(final byte[] frame, final int at, final byte value)
    {
        frame[at] = value;
        return frame;
    }

    private static byte[] putShort(final byte[] frame, final int at, final int value)
    {
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short)value);
        return frame;
    }

    private static byte[] putInt(final byte[] frame, final int at, final int value)
    {
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return frame;
    }

    private static void awaitLog(final CapturedOutput output, final String... parts)
    {
        RawFramePeer.await(() -> output.getOut().lines().anyMatch(line -> Stream.of(parts).allMatch(line::contains)),
            "a log line with " + String.join(" … ", parts));
    }

    private static long openFileDescriptors()
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

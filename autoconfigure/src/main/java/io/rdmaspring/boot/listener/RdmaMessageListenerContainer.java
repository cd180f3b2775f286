package io.rdmaspring.boot.listener;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import io.micrometer.observation.ObservationRegistry;
import io.rdmaspring.boot.core.RdmaHeaders;
import io.rdmaspring.boot.core.RdmaInboundFrame;
import io.rdmaspring.boot.core.RdmaMessageListener;
import io.rdmaspring.boot.core.RdmaMetrics;
import io.rdmaspring.boot.core.RdmaPayload;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.boot.observation.DefaultRdmaListenerObservationConvention;
import io.rdmaspring.boot.observation.RdmaListenerObservationConvention;
import io.rdmaspring.boot.observation.RdmaObservationDocumentation;
import io.rdmaspring.boot.observation.RdmaReceiverContext;

/**
 * Runs one {@link RdmaMessageListener} for one destination of the {@link RdmaServer}. With concurrency 1 the
 * listener runs on the server's polling thread on a view of the registered buffer: no copy, no hand-off, and the
 * sender's acknowledgement follows its return. With more, messages go to that many worker threads, still without a
 * copy: the receive buffer is held until the worker finishes, and only then acknowledged.
 * <p>
 * A listener exception is retried with the back-off, then given to the error handler; if that throws (or there is
 * none) the sender is told: a request fails with {@code RemoteRdmaException}, an async send's future fails.
 */
public class RdmaMessageListenerContainer implements RdmaListenerContainer
{
    private static final Log logger = LogFactory.getLog(RdmaMessageListenerContainer.class);

    private final RdmaServer server;
    private final String id;
    private final String destination;
    private final RdmaMessageListener listener;
    private final int concurrency;
    private final MessageConverter converter;
    private final RdmaReplyForwarder forwarder;
    private @Nullable RdmaListenerErrorHandler errorHandler;
    private @Nullable BackOff backOff;
    private RdmaMetrics metrics = RdmaMetrics.NONE;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private @Nullable RdmaListenerObservationConvention observationConvention;
    private boolean autoStartup = true;
    private int phase = DEFAULT_PHASE;
    private volatile @Nullable ExecutorService workers;
    private volatile boolean running;

    public RdmaMessageListenerContainer(final RdmaServer server, final String id, final String destination,
        final RdmaMessageListener listener, final int concurrency, final MessageConverter converter,
        final RdmaReplyForwarder forwarder)
    {
        if (concurrency < 1)
        {
            throw new IllegalArgumentException("Listener '" + id + "': concurrency must be at least 1, was "
                + concurrency);
        }
        this.server = server;
        this.id = id;
        this.destination = destination;
        this.listener = listener;
        this.concurrency = concurrency;
        this.converter = converter;
        this.forwarder = forwarder;
    }

    public void setErrorHandler(final @Nullable RdmaListenerErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }

    /** Retries of a failing listener call before the error handler; null for none. */
    public void setBackOff(final @Nullable BackOff backOff)
    {
        this.backOff = backOff;
    }

    public void setMetrics(final RdmaMetrics metrics)
    {
        this.metrics = metrics;
    }

    /** Observes every listener call in this registry; NOOP, the default, observes none. */
    public void setObservationRegistry(final ObservationRegistry observationRegistry)
    {
        this.observationRegistry = observationRegistry;
    }

    public void setObservationConvention(final @Nullable RdmaListenerObservationConvention observationConvention)
    {
        this.observationConvention = observationConvention;
    }

    public void setAutoStartup(final boolean autoStartup)
    {
        this.autoStartup = autoStartup;
    }

    public void setPhase(final int phase)
    {
        this.phase = phase;
    }

    @Override
    public String getListenerId()
    {
        return id;
    }

    @Override
    public String getDestination()
    {
        return destination;
    }

    @Override
    public int getConcurrency()
    {
        return concurrency;
    }

    @Override
    public synchronized void start()
    {
        if (running)
        {
            return;
        }
        if (concurrency > 1)
        {
            workers = Executors.newFixedThreadPool(concurrency, threads());
        }
        server.register(destination, this::onFrame);
        running = true;
        logger.info("Started listener '" + id + "' for destination '" + destination + "' (concurrency "
            + concurrency + ")");
    }

    /** Stops taking messages, then waits for those being processed. */
    @Override
    public synchronized void stop()
    {
        if (!running)
        {
            return;
        }
        running = false;
        server.unregister(destination, id);
        final ExecutorService pool = workers;
        workers = null;
        if (pool != null)
        {
            pool.shutdown();
            try
            {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        logger.info("Stopped listener '" + id + "'");
    }

    @Override
    public boolean isRunning()
    {
        return running;
    }

    @Override
    public boolean isAutoStartup()
    {
        return autoStartup;
    }

    @Override
    public int getPhase()
    {
        return phase;
    }

    private void onFrame(final RdmaInboundFrame frame)
    {
        final ExecutorService pool = workers;
        if (pool == null)
        {
            handle(frame);
            return;
        }
        frame.defer();
        try
        {
            pool.execute(() ->
            {
                try
                {
                    handle(frame);
                }
                finally
                {
                    frame.complete();
                }
            });
        }
        catch (final RuntimeException ex)
        {
            frame.replyError(ex.getClass().getName(), "Listener '" + id + "' is stopping; the message was not "
                + "processed.");
            frame.complete();
        }
    }

    private void handle(final RdmaInboundFrame frame)
    {
        final Message<ByteBuffer> message = new GenericMessage<>(frame.payload(), frame.messageHeaders());
        final Message<?> result;
        try
        {
            result = observationRegistry.isNoop() ? invoke(message) : observe(frame, message);
        }
        catch (final Exception ex)
        {
            failed(frame, message, ex);
            return;
        }
        respond(frame, message, result);
    }

    private @Nullable Message<?> observe(final RdmaInboundFrame frame, final Message<ByteBuffer> message)
        throws Exception
    {
        final String peerHost = frame.peer().substring(0, Math.max(0, frame.peer().lastIndexOf(':')));
        final String kind = frame.isRequest() ? RdmaObservationDocumentation.REQUEST : RdmaObservationDocumentation.ONE_WAY;
        return RdmaObservationDocumentation.LISTENER_OBSERVATION.observation(observationConvention,
            DefaultRdmaListenerObservationConvention.INSTANCE,
            () -> new RdmaReceiverContext(frame.header().headers(), destination, peerHost, kind), observationRegistry)
            .observeChecked(() -> invoke(message));
    }

    private @Nullable Message<?> invoke(final Message<ByteBuffer> message) throws Exception
    {
        final BackOffExecution execution = backOff == null ? null : backOff.start();
        while (true)
        {
            try
            {
                return listener.onMessage(message);
            }
            catch (final Exception ex)
            {
                final long wait = execution == null ? BackOffExecution.STOP : execution.nextBackOff();
                if (wait == BackOffExecution.STOP)
                {
                    throw ex;
                }
                logger.debug("Listener '" + id + "' failed; retrying in " + wait + " ms", ex);
                message.getPayload().rewind();
                Thread.sleep(wait);
            }
        }
    }

    private void failed(final RdmaInboundFrame frame, final Message<ByteBuffer> message, final Exception ex)
    {
        metrics.error(destination, "listener");
        final ListenerExecutionFailedException failure = new ListenerExecutionFailedException(id, message,
            ex instanceof ListenerExecutionFailedException lefe && lefe.getCause() != null ? lefe.getCause() : ex);
        final RdmaListenerErrorHandler handler = errorHandler;
        if (handler == null)
        {
            logger.error("Listener '" + id + "' failed on a message from " + frame.peer() + "; the sender is told",
                failure.getCause());
            reportFailure(frame, failure.getCause());
            return;
        }
        final Object handled;
        try
        {
            handled = handler.handleError(message, failure);
        }
        catch (final Exception handlerEx)
        {
            reportFailure(frame, handlerEx instanceof ListenerExecutionFailedException && handlerEx.getCause() != null
                ? handlerEx.getCause() : handlerEx);
            return;
        }
        respond(frame, message, handled == null || handled instanceof Message<?> ? (Message<?>)handled
            : new GenericMessage<>(handled));
    }

    private void reportFailure(final RdmaInboundFrame frame, final @Nullable Throwable cause)
    {
        final Throwable reported = cause == null ? new IllegalStateException("unknown failure") : cause;
        frame.replyError(reported.getClass().getName(), String.valueOf(reported.getMessage()));
    }

    private void respond(final RdmaInboundFrame frame, final Message<ByteBuffer> request,
        final @Nullable Message<?> result)
    {
        if (frame.isRequest())
        {
            final RdmaPayload reply = result == null ? RdmaPayload.EMPTY : RdmaPayload.convert(converter, result);
            frame.reply(reply.headers(), reply.payload());
            return;
        }
        if (result == null)
        {
            return;
        }
        final Object sendTo = result.getHeaders().get(RdmaHeaders.SEND_TO);
        if (sendTo == null)
        {
            logger.debug("Listener '" + id + "' returned a value for a one-way message without @SendTo; dropped");
            return;
        }
        final MessageHeaders headers = result.getHeaders();
        forwarder.forward(sendTo.toString(), RdmaPayload.convert(converter, new GenericMessage<>(result.getPayload(),
            headers)), request);
    }

    private ThreadFactory threads()
    {
        final AtomicInteger count = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, "rdma-listener-" + id + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString()
    {
        return "RdmaMessageListenerContainer[" + id + " -> " + destination + ", concurrency " + concurrency + "]";
    }
}

package io.rdmaspring.boot.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.core.AbstractMessageSendingTemplate;
import org.springframework.messaging.core.MessagePostProcessor;
import org.springframework.messaging.core.MessageRequestReplyOperations;

import io.micrometer.observation.ObservationRegistry;
import io.rdmaspring.boot.listener.RdmaReplyForwarder;
import io.rdmaspring.boot.observation.DefaultRdmaTemplateObservationConvention;
import io.rdmaspring.boot.observation.RdmaObservationDocumentation;
import io.rdmaspring.boot.observation.RdmaSenderContext;
import io.rdmaspring.boot.observation.RdmaTemplateObservationConvention;

/**
 * Sends messages over RDMA with Spring Messaging's operations: {@code send} and {@code convertAndSend} return once
 * the message is posted to the device; the {@code …Async} variants return a future that completes when the remote
 * listener has processed the message (the peer's acknowledgement) or fails with the reason; {@code sendAndReceive}
 * and {@code convertSendAndReceive} wait for the reply up to the reply timeout. Destinations are logical names from
 * {@code rdma.routes} or {@code rdma://host:port/name} URIs. Thread-safe.
 */
public class RdmaTemplate extends AbstractMessageSendingTemplate<String>
    implements MessageRequestReplyOperations<String>, RdmaReplyForwarder
{
    private final RdmaClient client;
    private final RdmaDestinationResolver destinations;
    private Duration replyTimeout = Duration.ofSeconds(5);
    private Duration sendTimeout = Duration.ofSeconds(5);
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private @Nullable RdmaTemplateObservationConvention observationConvention;

    public RdmaTemplate(final RdmaClient client, final RdmaDestinationResolver destinations)
    {
        this.client = client;
        this.destinations = destinations;
    }

    /** How long a request waits for its reply unless the call gives its own timeout. */
    public void setReplyTimeout(final Duration replyTimeout)
    {
        this.replyTimeout = replyTimeout;
    }

    public Duration getReplyTimeout()
    {
        return replyTimeout;
    }

    /** How long a send may wait while the receiver holds the sender back. */
    public void setSendTimeout(final Duration sendTimeout)
    {
        this.sendTimeout = sendTimeout;
    }

    public Duration getSendTimeout()
    {
        return sendTimeout;
    }

    /** Observes every send in this registry ({@code rdma.observation.enabled}); NOOP, the default, observes none. */
    public void setObservationRegistry(final ObservationRegistry observationRegistry)
    {
        this.observationRegistry = observationRegistry;
    }

    /** Replaces the default observation convention. */
    public void setObservationConvention(final @Nullable RdmaTemplateObservationConvention observationConvention)
    {
        this.observationConvention = observationConvention;
    }

    @Override
    protected void doSend(final String destination, final Message<?> message)
    {
        send(destination, message, null);
    }

    private void send(final String destination, final Message<?> message,
        final @Nullable CompletableFuture<Void> processed)
    {
        final RdmaPayload payload = RdmaPayload.convert(getMessageConverter(), message);
        final RdmaDestination target = destinations.resolveDestination(destination);
        final Map<String, String> headers = headersFor(payload);
        observe(target, headers, RdmaObservationDocumentation.ONE_WAY,
            () -> client.send(target, headers, payload.payload(), processed, sendTimeout.toNanos()));
    }

    private Map<String, String> headersFor(final RdmaPayload payload)
    {
        return observationRegistry.isNoop() ? payload.headers() : new LinkedHashMap<>(payload.headers());
    }

    /** Runs {@code send} inside an {@code rdma.template} observation when observation is on; headers take its trace. */
    private void observe(final RdmaDestination target, final Map<String, String> headers, final String kind,
        final Runnable send)
    {
        if (observationRegistry.isNoop())
        {
            send.run();
            return;
        }
        RdmaObservationDocumentation.TEMPLATE_OBSERVATION.observation(observationConvention,
            DefaultRdmaTemplateObservationConvention.INSTANCE,
            () -> new RdmaSenderContext(headers, target.name(), target.host() + ":" + target.port(), kind),
            observationRegistry).observe(send);
    }

    // ---- asynchronous sends: complete when the remote listener has processed the message

    /** Sends to the default destination; see {@link #sendAsync(String, Message)}. */
    public CompletableFuture<Void> sendAsync(final Message<?> message)
    {
        return sendAsync(getRequiredDefaultDestination(), message);
    }

    /**
     * Sends and returns a future that completes when the remote listener has processed the message, or fails: the
     * connection failed before the peer confirmed it, the destination is unknown there, or its listener threw.
     */
    public CompletableFuture<Void> sendAsync(final String destination, final Message<?> message)
    {
        final CompletableFuture<Void> processed = new CompletableFuture<>();
        try
        {
            send(destination, message, processed);
        }
        catch (final RuntimeException ex)
        {
            processed.completeExceptionally(ex);
        }
        return processed;
    }

    public CompletableFuture<Void> convertAndSendAsync(final String destination, final Object payload)
    {
        return convertAndSendAsync(destination, payload, null);
    }

    public CompletableFuture<Void> convertAndSendAsync(final String destination, final Object payload,
        final @Nullable Map<String, Object> headers)
    {
        try
        {
            return sendAsync(destination, doConvert(payload, headers, null));
        }
        catch (final RuntimeException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    // ---- zero copy: the caller writes straight into a leased registered buffer

    /** Sends a payload {@code writer} puts straight into registered memory; returns once posted. */
    public void sendDirect(final String destination, final Map<String, String> headers, final RdmaPayloadWriter writer)
    {
        client.sendDirect(destinations.resolveDestination(destination), headers, writer, null, sendTimeout.toNanos());
    }

    /** As {@link #sendDirect}, with a future that completes when the remote listener has processed it. */
    public CompletableFuture<Void> sendDirectAsync(final String destination, final Map<String, String> headers,
        final RdmaPayloadWriter writer)
    {
        final CompletableFuture<Void> processed = new CompletableFuture<>();
        try
        {
            client.sendDirect(destinations.resolveDestination(destination), headers, writer, processed,
                sendTimeout.toNanos());
        }
        catch (final RuntimeException ex)
        {
            processed.completeExceptionally(ex);
        }
        return processed;
    }

    // ---- request-reply

    @Override
    public @Nullable Message<?> sendAndReceive(final Message<?> requestMessage)
    {
        return sendAndReceive(getRequiredDefaultDestination(), requestMessage);
    }

    @Override
    public @Nullable Message<?> sendAndReceive(final String destination, final Message<?> requestMessage)
    {
        return awaitReply(sendRequest(destination, requestMessage, replyTimeout), replyTimeout);
    }

    /** Sends a request; the future completes with the reply (bytes, with the reply's headers). */
    public CompletableFuture<Message<?>> sendAndReceiveAsync(final String destination, final Message<?> requestMessage)
    {
        return sendAndReceiveAsync(destination, requestMessage, replyTimeout);
    }

    /** As {@link #sendAndReceiveAsync(String, Message)} with this call's own reply timeout. */
    public CompletableFuture<Message<?>> sendAndReceiveAsync(final String destination, final Message<?> requestMessage,
        final Duration timeout)
    {
        try
        {
            return request(destination, requestMessage, timeout).thenApply(message -> message);
        }
        catch (final RuntimeException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private CompletableFuture<Message<byte[]>> request(final String destination, final Message<?> requestMessage,
        final Duration timeout)
    {
        return sendRequest(destination, requestMessage,
            (target, headers, payload) -> client.request(target, headers, payload, timeout));
    }

    /** A request that the calling thread waits for ({@link #awaitReply}): no timer. */
    private PendingReply sendRequest(final String destination, final Message<?> requestMessage, final Duration timeout)
    {
        return sendRequest(destination, requestMessage,
            (target, headers, payload) -> client.sendRequest(target, headers, payload, timeout));
    }

    /** Converts, resolves and sends a request inside an observation when observation is on. */
    private <R> R sendRequest(final String destination, final Message<?> requestMessage,
        final RequestSender<R> sender)
    {
        final RdmaPayload payload = RdmaPayload.convert(getMessageConverter(), requestMessage);
        final RdmaDestination target = destinations.resolveDestination(destination);
        final Map<String, String> headers = headersFor(payload);
        if (observationRegistry.isNoop())
        {
            return sender.send(target, headers, payload.payload());
        }
        final List<R> sent = new ArrayList<>(1);
        observe(target, headers, RdmaObservationDocumentation.REQUEST,
            () -> sent.add(sender.send(target, headers, payload.payload())));
        return sent.get(0);
    }

    @FunctionalInterface
    private interface RequestSender<R>
    {
        R send(RdmaDestination target, Map<String, String> headers, ByteBuffer payload);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final Object request, final Class<T> targetClass)
    {
        return convertSendAndReceive(getRequiredDefaultDestination(), request, targetClass);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final String destination, final Object request,
        final Class<T> targetClass)
    {
        return convertSendAndReceive(destination, request, null, targetClass, null);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final Object request, final @Nullable Map<String, Object> headers,
        final Class<T> targetClass)
    {
        return convertSendAndReceive(getRequiredDefaultDestination(), request, headers, targetClass, null);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final String destination, final Object request,
        final @Nullable Map<String, Object> headers, final Class<T> targetClass)
    {
        return convertSendAndReceive(destination, request, headers, targetClass, null);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final Object request, final Class<T> targetClass,
        final @Nullable MessagePostProcessor requestPostProcessor)
    {
        return convertSendAndReceive(getRequiredDefaultDestination(), request, null, targetClass, requestPostProcessor);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final String destination, final Object request,
        final Class<T> targetClass, final @Nullable MessagePostProcessor requestPostProcessor)
    {
        return convertSendAndReceive(destination, request, null, targetClass, requestPostProcessor);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final Object request, final @Nullable Map<String, Object> headers,
        final Class<T> targetClass, final @Nullable MessagePostProcessor requestPostProcessor)
    {
        return convertSendAndReceive(getRequiredDefaultDestination(), request, headers, targetClass,
            requestPostProcessor);
    }

    @Override
    public <T> @Nullable T convertSendAndReceive(final String destination, final Object request,
        final @Nullable Map<String, Object> headers, final Class<T> targetClass,
        final @Nullable MessagePostProcessor requestPostProcessor)
    {
        return convertSendAndReceive(destination, request, headers, targetClass, requestPostProcessor, replyTimeout);
    }

    /** Converts the request, sends it and waits for the reply, converted to {@code targetClass}, up to {@code timeout}. */
    public <T> @Nullable T convertSendAndReceive(final String destination, final Object request,
        final Class<T> targetClass, final Duration timeout)
    {
        return convertSendAndReceive(destination, request, null, targetClass, null, timeout);
    }

    private <T> @Nullable T convertSendAndReceive(final String destination, final Object request,
        final @Nullable Map<String, Object> headers, final Class<T> targetClass,
        final @Nullable MessagePostProcessor requestPostProcessor, final Duration timeout)
    {
        final Message<byte[]> reply =
            awaitReply(sendRequest(destination, doConvert(request, headers, requestPostProcessor), timeout), timeout);
        return fromReply(destination, reply, targetClass);
    }

    /** The asynchronous {@code convertSendAndReceive}: the future completes with the converted reply. */
    public <T> CompletableFuture<@Nullable T> convertSendAndReceiveAsync(final String destination, final Object request,
        final Class<T> targetClass)
    {
        return convertSendAndReceiveAsync(destination, request, null, targetClass, null, replyTimeout);
    }

    /** The asynchronous {@code convertSendAndReceive} with headers, post-processor and this call's reply timeout. */
    public <T> CompletableFuture<@Nullable T> convertSendAndReceiveAsync(final String destination,
        final Object request, final @Nullable Map<String, Object> headers, final Class<T> targetClass,
        final @Nullable MessagePostProcessor requestPostProcessor, final Duration timeout)
    {
        final Message<?> requestMessage;
        try
        {
            requestMessage = doConvert(request, headers, requestPostProcessor);
        }
        catch (final RuntimeException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
        return sendAndReceiveAsync(destination, requestMessage, timeout)
            .thenApply(reply -> fromReply(destination, reply, targetClass));
    }

    @SuppressWarnings("unchecked")
    private <T> @Nullable T fromReply(final String destination, final Message<?> reply, final Class<T> targetClass)
    {
        if (targetClass.isInstance(reply.getPayload()))
        {
            return (T)reply.getPayload();
        }
        final Object converted = getMessageConverter().fromMessage(reply, targetClass);
        if (converted == null)
        {
            throw new MessageConversionException(reply, "The reply from " + destination + " (contentType "
                + reply.getHeaders().get("contentType") + ") cannot be converted to " + targetClass.getName());
        }
        return (T)converted;
    }

    /**
     * Waits for a reply in the calling thread. In event poll mode it first polls for the reply itself (rdma.poll-spin):
     * a reply that comes back within that time costs no thread wake-up.
     */
    private Message<byte[]> awaitReply(final PendingReply reply, final Duration timeout)
    {
        try
        {
            return client.awaitReply(reply, timeout);
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new RdmaDeliveryException("Interrupted while waiting for a reply from " + reply.destination
                + "; the reply, if one comes, is ignored", ex);
        }
    }

    private static RuntimeException rethrow(final Throwable cause)
    {
        final Throwable unwrapped = cause instanceof CompletionException && cause.getCause() != null
            ? cause.getCause() : cause;
        if (unwrapped instanceof MessagingException messaging)
        {
            return messaging;
        }
        if (unwrapped instanceof RuntimeException runtime)
        {
            return runtime;
        }
        return new RdmaDeliveryException(unwrapped.getMessage(), unwrapped);
    }

    // ---- @SendTo forwarding for listeners

    @Override
    public void forward(final String destination, final RdmaPayload payload, final Message<?> request)
    {
        client.send(destinations.resolveDestination(destination), payload.headers(), payload.payload(), null,
            sendTimeout.toNanos());
    }

    /** The destination resolver: routes and URIs. */
    public RdmaDestinationResolver getDestinationResolver()
    {
        return destinations;
    }
}

package io.rdmaspring.boot.listener.adapter;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentTypeMismatchException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Wraps an argument resolver so that a failure says which listener, which parameter and what was wrong (a payload
 * that does not convert or validate, a missing header), instead of Spring's message that prints the whole message.
 */
final class ExplainingArgumentResolver implements HandlerMethodArgumentResolver
{
    private final String listenerId;
    private final HandlerMethodArgumentResolver delegate;

    ExplainingArgumentResolver(final String listenerId, final HandlerMethodArgumentResolver delegate)
    {
        this.listenerId = listenerId;
        this.delegate = delegate;
    }

    @Override
    public boolean supportsParameter(final MethodParameter parameter)
    {
        return delegate.supportsParameter(parameter);
    }

    @Override
    public @Nullable Object resolveArgument(final MethodParameter parameter, final Message<?> message) throws Exception
    {
        try
        {
            return delegate.resolveArgument(parameter, message);
        }
        catch (final MethodArgumentNotValidException ex)
        {
            throw new ListenerArgumentException(message, listenerId, "rejected the payload for "
                + ListenerMethods.describe(parameter) + ": " + violations(ex), ex);
        }
        catch (final MessageConversionException | MethodArgumentTypeMismatchException ex)
        {
            throw new ListenerArgumentException(message, listenerId, "could not convert the payload to "
                + ResolvableType.forMethodParameter(parameter) + " for " + ListenerMethods.describe(parameter) + ": "
                + reason(ex, message.getHeaders()), ex);
        }
        catch (final MessagingException | ConversionException ex)
        {
            throw new ListenerArgumentException(message, listenerId, "could not resolve "
                + ListenerMethods.describe(parameter) + ": " + ex.getMessage(), ex);
        }
    }

    /** A converter's own failure (bad JSON), or, when no converter took the payload, its content type. */
    private static String reason(final RuntimeException ex, final MessageHeaders headers)
    {
        if (ex.getCause() != null || ex instanceof MethodArgumentTypeMismatchException)
        {
            return String.valueOf(ex.getMessage());
        }
        final Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
        return contentType == null
            ? "no converter reads a payload without a contentType header as that type"
            : "no converter reads contentType '" + contentType + "' as that type";
    }

    private static String violations(final MethodArgumentNotValidException ex)
    {
        final BindingResult result = ex.getBindingResult();
        if (result == null)
        {
            return String.valueOf(ex.getMessage());
        }
        return result.getAllErrors().stream().map(ExplainingArgumentResolver::violation).collect(Collectors.joining("; "));
    }

    private static String violation(final ObjectError error)
    {
        if (error instanceof FieldError field)
        {
            return field.getField() + " " + field.getDefaultMessage() + " (was " + field.getRejectedValue() + ")";
        }
        return String.valueOf(error.getDefaultMessage());
    }
}

package io.rdmaspring.boot.annotation;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.validation.Validator;

import io.rdmaspring.boot.core.RdmaMessageListener;
import io.rdmaspring.boot.listener.adapter.ListenerMethods;
import io.rdmaspring.boot.listener.adapter.MessagingMessageListenerAdapter;
import io.rdmaspring.boot.listener.adapter.RdmaMessageHandlerMethodFactory;

/**
 * The endpoint of one {@link RdmaListener} method: its listener is a {@link MessagingMessageListenerAdapter} calling
 * the method on the bean.
 */
public class MethodRdmaListenerEndpoint extends AbstractRdmaListenerEndpoint
{
    private final Object bean;
    private final Method method;
    private @Nullable String sendTo;
    private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;
    private @Nullable Validator validator;
    private @Nullable BeanFactory beanFactory;

    /** @param method the method to invoke on {@code bean}, as AOP proxies expose it */
    public MethodRdmaListenerEndpoint(final String id, final String destination, final Object bean, final Method method)
    {
        super(id, destination);
        this.bean = bean;
        this.method = method;
    }

    public Object getBean()
    {
        return bean;
    }

    public Method getMethod()
    {
        return method;
    }

    public @Nullable String getSendTo()
    {
        return sendTo;
    }

    /** Where what the method returns for a one-way message goes ({@code @SendTo}). */
    public void setSendTo(final @Nullable String sendTo)
    {
        this.sendTo = sendTo;
    }

    /**
     * Resolves the method's arguments instead of a {@link RdmaMessageHandlerMethodFactory} built from the
     * container factory's converter; that one's converter and resolvers then apply.
     */
    public void setMessageHandlerMethodFactory(final @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory)
    {
        this.messageHandlerMethodFactory = messageHandlerMethodFactory;
    }

    /** Validates {@code @Valid} payloads. */
    public void setValidator(final @Nullable Validator validator)
    {
        this.validator = validator;
    }

    /** Resolves placeholders in {@code @Header(defaultValue)}. */
    public void setBeanFactory(final @Nullable BeanFactory beanFactory)
    {
        this.beanFactory = beanFactory;
    }

    @Override
    public RdmaMessageListener createMessageListener(final MessageConverter converter)
    {
        final MessageHandlerMethodFactory factory = messageHandlerMethodFactory != null
            ? messageHandlerMethodFactory
            : new RdmaMessageHandlerMethodFactory(getId(), converter, validator, beanFactory);
        return new MessagingMessageListenerAdapter(getId(), factory.createInvocableHandlerMethod(bean, method), sendTo);
    }

    /** {@code OrderListener.on(Order)}, for error messages. */
    @Override
    public String toString()
    {
        return ListenerMethods.describe(method);
    }
}

package io.rdmaspring.boot.listener.adapter;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * Spring Messaging's handler method factory for one listener, ready to use: {@code @Payload}, {@code Message<T>},
 * {@code @Header}, {@code @Headers} and {@code MessageHeaders} arguments, payloads converted by {@code converter}
 * and, with a validator, {@code @Valid} / {@code @Validated} payloads validated. An argument that cannot be
 * resolved throws {@link ListenerArgumentException} naming the listener and the parameter.
 */
public final class RdmaMessageHandlerMethodFactory extends DefaultMessageHandlerMethodFactory
{
    private final String listenerId;

    /**
     * @param beanFactory resolves placeholders in {@code @Header(defaultValue)}; may be {@code null}
     */
    public RdmaMessageHandlerMethodFactory(
        final String listenerId,
        final MessageConverter converter,
        final @Nullable Validator validator,
        final @Nullable BeanFactory beanFactory)
    {
        this.listenerId = listenerId;
        setMessageConverter(converter);
        if (validator != null)
        {
            setValidator(validator);
        }
        if (beanFactory != null)
        {
            setBeanFactory(beanFactory);
        }
        afterPropertiesSet();
    }

    @Override
    protected List<HandlerMethodArgumentResolver> initArgumentResolvers()
    {
        return super.initArgumentResolvers().stream()
            .map(resolver -> (HandlerMethodArgumentResolver)new ExplainingArgumentResolver(listenerId, resolver))
            .toList();
    }
}

package io.rdmaspring.boot.annotation;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Finds the application's Bean Validation validator for {@code @Valid} payloads. Only a
 * {@code jakarta.validation.Validator} bean counts (Spring Boot's {@code defaultValidator} is one): plain Spring
 * {@link Validator} beans usually validate one type ({@code RdmaProperties} is one) and would reject every payload.
 */
final class PayloadValidators
{
    private static final boolean BEAN_VALIDATION_PRESENT =
        ClassUtils.isPresent("jakarta.validation.Validator", PayloadValidators.class.getClassLoader());

    private PayloadValidators()
    {
    }

    /** The unique (or primary) Bean Validation validator, as a Spring validator; {@code null} without one. */
    static @Nullable Validator find(final BeanFactory beanFactory)
    {
        return BEAN_VALIDATION_PRESENT ? BeanValidation.find(beanFactory) : null;
    }

    /** Touches {@code jakarta.validation} only when it is on the class path. */
    private static final class BeanValidation
    {
        static @Nullable Validator find(final BeanFactory beanFactory)
        {
            final jakarta.validation.Validator validator =
                beanFactory.getBeanProvider(jakarta.validation.Validator.class).getIfUnique();
            if (validator == null || validator instanceof Validator)
            {
                return (Validator)validator;
            }
            return new SpringValidatorAdapter(validator);
        }
    }
}

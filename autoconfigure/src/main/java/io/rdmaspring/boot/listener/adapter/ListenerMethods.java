package io.rdmaspring.boot.listener.adapter;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;

/** Short descriptions of listener methods and parameters for error messages. */
public final class ListenerMethods
{
    private ListenerMethods()
    {
    }

    /** {@code OrderListener.on(Order, String)}. */
    public static String describe(final Method method)
    {
        return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName()
            + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@code parameter 'order' of OrderListener.on(Order)}; by index where parameter names were not compiled in. */
    public static String describe(final MethodParameter parameter)
    {
        final String name = parameter.getParameterName();
        final String which = name == null ? "#" + parameter.getParameterIndex() : "'" + name + "'";
        final Method method = parameter.getMethod();
        return "parameter " + which + (method == null ? "" : " of " + describe(method));
    }
}

package io.rdmaspring.verbs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a constant that must equal a C enum value or macro from the installed headers; checked by a test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface NativeConstant
{
    /** The C expression, e.g. {@code IBV_ACCESS_LOCAL_WRITE}. */
    String value();
}

package io.rdmaspring.verbs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code int} constant of a {@link NativeStruct} descriptor as the offset of a member, or with
 * {@code "sizeof"} as the size of the struct. Nested members use C syntax: {@code ops.post_send}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface NativeField
{
    String SIZEOF = "sizeof";

    /** The member designator as {@code offsetof} takes it, or {@link #SIZEOF}. */
    String value();
}

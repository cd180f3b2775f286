package io.rdmaspring.verbs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the C struct a descriptor class describes. A test compiles the offsets and sizes of every annotated
 * descriptor against the installed headers, so no layout is taken on trust.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface NativeStruct
{
    /** The C type, e.g. {@code struct ibv_port_attr}. */
    String value();
}

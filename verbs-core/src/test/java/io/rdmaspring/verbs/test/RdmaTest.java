package io.rdmaspring.verbs.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs a real RDMA device. Tagged {@value #TAG} so {@code scripts/test} can run these inside the
 * Soft-RoCE guest. Without a device they are skipped with a message, unless {@code -Drdma.required=true} (CI),
 * where they fail.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RdmaTest.TAG)
@ExtendWith(RdmaTestExtension.class)
public @interface RdmaTest
{
    String TAG = "rdma";
}

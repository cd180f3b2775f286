/**
 * Payload conversion between application objects and the bytes of a frame.
 * {@link io.rdmaspring.boot.converter.RdmaMessageConverter} reads inbound payloads, which are read-only
 * {@link java.nio.ByteBuffer} views of registered memory, without copying where the target type allows it.
 */
@NullMarked
package io.rdmaspring.boot.converter;

import org.jspecify.annotations.NullMarked;

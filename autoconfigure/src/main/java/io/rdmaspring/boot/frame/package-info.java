/**
 * The versioned frame every RDMA message travels in: a little-endian header (magic, version, flags, correlation id,
 * destination, string headers) followed by the payload.
 * <p>
 * {@link io.rdmaspring.boot.frame.FrameDescriptor} draws the layout; {@link io.rdmaspring.boot.frame.FrameEncoder}
 * writes a frame into a caller's buffer region and {@link io.rdmaspring.boot.frame.FrameDecoder} reads one back under
 * {@link io.rdmaspring.boot.frame.FrameLimits}, handing the payload over as a view that is valid during the callback.
 */
@NullMarked
package io.rdmaspring.boot.frame;

import org.jspecify.annotations.NullMarked;

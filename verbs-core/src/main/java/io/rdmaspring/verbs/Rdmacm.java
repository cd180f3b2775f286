package io.rdmaspring.verbs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct-mapped entry points of {@code librdmacm.so.1}, the connection manager that resolves IP addresses to RDMA
 * devices and connects queue pairs.
 */
final class Rdmacm
{
    static final String LIBRARY = "librdmacm.so.1";

    static
    {
        Native.register(Rdmacm.class, NativeLibrary.getInstance(LIBRARY));
    }

    private Rdmacm()
    {
    }

    static native Pointer rdma_get_devices(int[] numDevices);

    static native void rdma_free_devices(Pointer list);

    static native Pointer rdma_create_event_channel();

    static native void rdma_destroy_event_channel(Pointer channel);

    /** {@code id} receives the {@code struct rdma_cm_id *}. */
    static native int rdma_create_id(Pointer channel, Pointer id, Pointer context, int portSpace);

    static native int rdma_destroy_id(Pointer id);

    static native int rdma_bind_addr(Pointer id, Pointer address);

    static native int rdma_listen(Pointer id, int backlog);

    static native int rdma_resolve_addr(Pointer id, Pointer source, Pointer destination, int timeoutMillis);

    static native int rdma_resolve_route(Pointer id, int timeoutMillis);

    static native int rdma_create_qp(Pointer id, Pointer pd, Pointer qpInitAttr);

    static native int rdma_connect(Pointer id, Pointer connParam);

    static native int rdma_accept(Pointer id, Pointer connParam);

    static native int rdma_reject(Pointer id, Pointer privateData, byte privateDataLength);

    static native int rdma_disconnect(Pointer id);

    /** {@code event} receives the {@code struct rdma_cm_event *}. */
    static native int rdma_get_cm_event(Pointer channel, Pointer event);

    static native int rdma_ack_cm_event(Pointer event);

    static native String rdma_event_str(int event);

    /** The bound port in network byte order. */
    static native short rdma_get_src_port(Pointer id);
}

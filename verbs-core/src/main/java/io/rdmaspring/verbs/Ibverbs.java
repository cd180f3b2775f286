package io.rdmaspring.verbs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct-mapped setup verbs of {@code libibverbs.so.1}. Every entry point the project calls by symbol is here;
 * the data-path verbs are static inline in the headers and go through {@link ContextDescriptor}'s function
 * pointers instead.
 */
final class Ibverbs
{
    static final String LIBRARY = "libibverbs.so.1";

    static
    {
        Native.register(Ibverbs.class, NativeLibrary.getInstance(LIBRARY));
    }

    private Ibverbs()
    {
    }

    static native Pointer ibv_get_device_list(int[] numDevices);

    static native void ibv_free_device_list(Pointer list);

    static native String ibv_get_device_name(Pointer device);

    static native long ibv_get_device_guid(Pointer device);

    static native Pointer ibv_open_device(Pointer device);

    static native int ibv_close_device(Pointer context);

    static native int ibv_query_device(Pointer context, Pointer deviceAttr);

    static native int ibv_query_port(Pointer context, byte portNum, Pointer portAttr);

    static native int _ibv_query_gid_ex(Pointer context, int portNum, int gidIndex, Pointer entry, int flags,
        long entrySize);

    static native Pointer ibv_alloc_pd(Pointer context);

    static native int ibv_dealloc_pd(Pointer pd);

    static native Pointer ibv_reg_mr(Pointer pd, Pointer addr, long length, int access);

    static native int ibv_dereg_mr(Pointer mr);

    static native Pointer ibv_create_comp_channel(Pointer context);

    static native int ibv_destroy_comp_channel(Pointer channel);

    static native Pointer ibv_create_cq(Pointer context, int cqe, Pointer cqContext, Pointer channel, int compVector);

    static native int ibv_destroy_cq(Pointer cq);

    /** Blocks unless the channel fd is readable; stores the {@code struct ibv_cq *} and its context in the slots. */
    static native int ibv_get_cq_event(Pointer channel, Pointer cqOut, Pointer cqContextOut);

    static native void ibv_ack_cq_events(Pointer cq, int nevents);

    static native Pointer ibv_create_qp(Pointer pd, Pointer initAttr);

    static native int ibv_query_qp(Pointer qp, Pointer attr, int attrMask, Pointer initAttr);

    static native int ibv_modify_qp(Pointer qp, Pointer attr, int attrMask);

    static native int ibv_destroy_qp(Pointer qp);

    static native String ibv_wc_status_str(int status);
}

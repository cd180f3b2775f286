package io.rdmaspring.verbs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few libc calls the setup path needs. */
final class LibC
{
    /** {@code RLIMIT_MEMLOCK} on Linux. */
    static final int RLIMIT_MEMLOCK = 8;
    /** {@code RLIM_INFINITY} as the kernel reports it: all bits set. */
    static final long RLIM_INFINITY = -1L;

    static
    {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC()
    {
    }

    /** {@code struct rlimit} is two {@code rlim_t} (unsigned long): soft, then hard. */
    static native int getrlimit(int resource, long[] rlimit);

    static native String strerror(int errnum);

    static native int getpid();

    static native int close(int fd);

    static native int poll(Pointer fds, long nfds, int timeout);
}

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

    /** {@code fcntl(fd, cmd, int arg)}; variadic in C, called with one int argument as x86-64 allows. */
    static native int fcntl(int fd, int cmd, int arg);

    @NativeConstant("F_GETFL")
    static final int F_GETFL = 3;
    @NativeConstant("F_SETFL")
    static final int F_SETFL = 4;
    @NativeConstant("O_NONBLOCK")
    static final int O_NONBLOCK = 04000;
}

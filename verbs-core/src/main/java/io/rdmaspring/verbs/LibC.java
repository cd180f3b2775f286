package io.rdmaspring.verbs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few libc calls the setup path and the pollers' waits need. */
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

    static native int eventfd(int initval, int flags);

    /** {@code ssize_t read(int, void *, size_t)}: both are 64 bits on x86-64. */
    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, Pointer buf, long count);

    /** Adds {@code O_NONBLOCK} to {@code fd}; 0, or -1 with errno set. */
    static int makeNonBlocking(final int fd)
    {
        final int flags = fcntl(fd, F_GETFL, 0);
        return flags < 0 ? -1 : Math.min(0, fcntl(fd, F_SETFL, flags | O_NONBLOCK));
    }

    @NativeConstant("F_GETFL")
    static final int F_GETFL = 3;
    @NativeConstant("F_SETFL")
    static final int F_SETFL = 4;
    @NativeConstant("O_NONBLOCK")
    static final int O_NONBLOCK = 04000;
    @NativeConstant("EFD_NONBLOCK")
    static final int EFD_NONBLOCK = 04000;
    @NativeConstant("EFD_CLOEXEC")
    static final int EFD_CLOEXEC = 02000000;
}

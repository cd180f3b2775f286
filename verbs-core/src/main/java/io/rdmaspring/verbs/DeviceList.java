package io.rdmaspring.verbs;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The array {@code ibv_get_device_list} returns. Devices must be opened before the list is freed; contexts opened
 * from it stay valid afterwards.
 */
final class DeviceList implements AutoCloseable
{
    private @Nullable Pointer list;
    private final int size;

    private DeviceList(final @Nullable Pointer list, final int size)
    {
        this.list = list;
        this.size = size;
    }

    /** The devices there are; empty (not an error) when the kernel has no RDMA support or no device. */
    static DeviceList open()
    {
        final int[] count = new int[1];
        final Pointer list = Ibverbs.ibv_get_device_list(count);
        if (list == null)
        {
            final int errno = Errno.of(-1);
            if (errno == Errno.ENOSYS || errno == Errno.ENOENT || errno == 0)
            {
                return new DeviceList(null, 0);
            }
            throw VerbsException.of("ibv_get_device_list", errno, "Check that the RDMA kernel modules are loaded.");
        }
        return new DeviceList(list, count[0]);
    }

    int size()
    {
        return size;
    }

    /** The {@code struct ibv_device *} at {@code index}. */
    Pointer device(final int index)
    {
        if (list == null || index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("device " + index + " of " + size);
        }
        return list.getPointer((long)index * Native.POINTER_SIZE);
    }

    RdmaDevice describe(final int index)
    {
        final Pointer device = device(index);
        return new RdmaDevice(
            Ibverbs.ibv_get_device_name(device),
            Long.reverseBytes(Ibverbs.ibv_get_device_guid(device)),
            device.getString(DeviceDescriptor.DEV_NAME_OFFSET),
            device.getString(DeviceDescriptor.IBDEV_PATH_OFFSET));
    }

    @Override
    public void close()
    {
        final Pointer toFree = list;
        list = null;
        if (toFree != null)
        {
            Ibverbs.ibv_free_device_list(toFree);
        }
    }
}

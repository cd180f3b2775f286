package io.rdmaspring.verbs;

import java.nio.file.Path;

/**
 * An RDMA device as {@code ibv_get_device_list} lists it, before it is opened.
 *
 * @param name        the device name, e.g. {@code mlx5_0} or {@code rxe0}
 * @param guid        the node GUID, in host order
 * @param uverbsName  the user-verbs character device, e.g. {@code uverbs0}
 * @param sysfsPath   the device's directory under {@code /sys/class/infiniband}
 */
public record RdmaDevice(String name, long guid, String uverbsName, String sysfsPath)
{
    /** The character device the process must be able to read and write, e.g. {@code /dev/infiniband/uverbs0}. */
    public Path devicePath()
    {
        return Path.of("/dev/infiniband", uverbsName);
    }
}

package io.rdmaspring.verbs;

import java.nio.file.Path;

/**
 * The process may not open an RDMA character device ({@code /dev/infiniband/uverbsN} or
 * {@code /dev/infiniband/rdma_cm}).
 */
public final class DevicePermissionException extends VerbsException
{
    private static final long serialVersionUID = 1L;

    private final String file;

    public DevicePermissionException(final String verb, final int errno, final Path file)
    {
        super(verb, errno, message(verb, errno, file));
        this.file = file.toString();
    }

    /** The device file that was denied. */
    public String file()
    {
        return file;
    }

    private static String message(final String verb, final int errno, final Path file)
    {
        return verb + " failed: " + (errno == 0 ? "" : Errno.name(errno) + ", ") + "this process (uid "
            + ProcessIdentity.uid() + ") may not read and write " + file + ". Give it access, e.g. a udev rule "
            + "/etc/udev/rules.d/70-rdma.rules with KERNEL==\"uverbs*\", SUBSYSTEM==\"infiniband_verbs\", "
            + "MODE=\"0666\" (or GROUP=\"rdma\", MODE=\"0660\" and add the user to group rdma), then "
            + "`udevadm control --reload && udevadm trigger`; in a container pass the device with --device " + file;
    }
}

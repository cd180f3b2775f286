package io.rdmaspring.verbs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * An opened RDMA device ({@code struct ibv_context}). Creates protection domains, completion queues and channels;
 * closing it closes them first.
 */
public final class VerbsContext implements AutoCloseable
{
    private final RdmaDevice device;
    private final Pointer context;
    private final DeviceAttributes attributes;
    private final FastPath fastPath;
    private final Resources children = new Resources();
    private final boolean ownedByRdmaCm;
    private volatile boolean closed;

    private VerbsContext(final RdmaDevice device, final Pointer context, final boolean ownedByRdmaCm)
    {
        this.device = device;
        this.context = context;
        this.ownedByRdmaCm = ownedByRdmaCm;
        this.attributes = queryDevice();
        this.fastPath = createFastPath();
    }

    /**
     * Opens the device called {@code name}, e.g. {@code rxe0}. Where rdma_cm is usable the context is the one rdma_cm
     * holds for the device, so queue pairs on it can be connected with {@link RdmaConnector} and
     * {@link RdmaAcceptor}; otherwise the device is opened directly and only local verbs work.
     */
    public static VerbsContext open(final String name)
    {
        Verbs.ensureAvailability();
        try (DeviceList list = DeviceList.open())
        {
            final List<String> names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++)
            {
                final RdmaDevice candidate = list.describe(i);
                if (candidate.name().equals(name))
                {
                    return open(candidate, list.device(i));
                }
                names.add(candidate.name());
            }
            throw new RdmaUnavailableException(names.isEmpty() ? Verbs.noDeviceMessage()
                : "No RDMA device named '" + name + "'; this host has " + names + ". Use one of those names.");
        }
    }

    private static VerbsContext open(final RdmaDevice device, final Pointer nativeDevice)
    {
        final Path file = device.devicePath();
        if (Files.exists(file) && !(Files.isReadable(file) && Files.isWritable(file)))
        {
            throw new DevicePermissionException("ibv_open_device", Errno.EACCES, file);
        }
        final Pointer shared = RdmaCm.sharedContext(device.name());
        if (shared != null)
        {
            return new VerbsContext(device, shared, true);
        }
        final Pointer context = Ibverbs.ibv_open_device(nativeDevice);
        if (context == null)
        {
            final int errno = Errno.of(-1);
            if (errno == Errno.EACCES || errno == Errno.EPERM)
            {
                throw new DevicePermissionException("ibv_open_device", errno, file);
            }
            throw VerbsException.of("ibv_open_device", errno, "Could not open " + device.name() + " through " + file
                + "; check that the file exists (`modprobe ib_uverbs`) and `rdma link show` lists the device.");
        }
        return new VerbsContext(device, context, false);
    }

    public RdmaDevice device()
    {
        return device;
    }

    public String name()
    {
        return device.name();
    }

    public DeviceAttributes attributes()
    {
        return attributes;
    }

    /** Queries port {@code port} (numbered from 1). */
    public PortAttributes port(final int port)
    {
        ensureOpen();
        final Memory attr = new Memory(PortAttrDescriptor.SIZE);
        attr.clear();
        final int rc = Ibverbs.ibv_query_port(context, (byte)port, attr);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_query_port", Errno.of(rc), "Port " + port + " of " + name()
                + " could not be queried; it has ports 1.." + attributes.physicalPorts() + ".");
        }
        return new PortAttributes(
            port,
            PortState.of(attr.getInt(PortAttrDescriptor.STATE_OFFSET)),
            PortAttributes.mtuBytes(attr.getInt(PortAttrDescriptor.MAX_MTU_OFFSET)),
            PortAttributes.mtuBytes(attr.getInt(PortAttrDescriptor.ACTIVE_MTU_OFFSET)),
            attr.getInt(PortAttrDescriptor.GID_TBL_LEN_OFFSET),
            Integer.toUnsignedLong(attr.getInt(PortAttrDescriptor.MAX_MSG_SZ_OFFSET)),
            Short.toUnsignedInt(attr.getShort(PortAttrDescriptor.LID_OFFSET)),
            LinkLayer.of(Byte.toUnsignedInt(attr.getByte(PortAttrDescriptor.LINK_LAYER_OFFSET))));
    }

    /** Throws {@link PortNotActiveException} unless {@code port} is ACTIVE. */
    public PortAttributes requireActivePort(final int port)
    {
        final PortAttributes attributes = port(port);
        if (!attributes.isActive())
        {
            throw new PortNotActiveException(name(), port, attributes.state(), netdev(device.sysfsPath(), port));
        }
        return attributes;
    }

    /**
     * The netdev behind a RoCE port as sysfs names it, or null (InfiniBand, or not readable).
     *
     * @param sysfsPath the device's directory under {@code /sys/class/infiniband}
     */
    static @Nullable String netdev(final String sysfsPath, final int port)
    {
        try
        {
            final String netdev = Files.readString(Path.of(sysfsPath, "ports", String.valueOf(port),
                "gid_attrs", "ndevs", "0")).trim();
            return netdev.isEmpty() ? null : netdev;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return null;
        }
    }

    /** The valid (non-empty) entries of the GID table of {@code port}. */
    public List<GidEntry> gids(final int port)
    {
        ensureOpen();
        final int length = port(port).gidTableLength();
        final Memory entry = new Memory(GidEntryDescriptor.SIZE);
        final List<GidEntry> gids = new ArrayList<>();
        for (int index = 0; index < length; index++)
        {
            entry.clear();
            if (Ibverbs._ibv_query_gid_ex(context, port, index, entry, 0, GidEntryDescriptor.SIZE) != 0)
            {
                continue; // ENODATA: an unused slot
            }
            final byte[] gid = entry.getByteArray(GidEntryDescriptor.GID_OFFSET, GidEntryDescriptor.GID_LENGTH);
            gids.add(new GidEntry(
                entry.getInt(GidEntryDescriptor.GID_INDEX_OFFSET),
                gid,
                GidType.of(entry.getInt(GidEntryDescriptor.GID_TYPE_OFFSET)),
                entry.getInt(GidEntryDescriptor.NDEV_IFINDEX_OFFSET)));
        }
        return gids;
    }

    /** Allocates a protection domain; it is closed with this context unless closed first. */
    public ProtectionDomain allocateProtectionDomain()
    {
        ensureOpen();
        final Pointer pd = Ibverbs.ibv_alloc_pd(context);
        if (pd == null)
        {
            throw VerbsException.of("ibv_alloc_pd", Errno.of(-1), "The device may be out of protection domains ("
                + attributes.maxPd() + ") or the process out of memory.");
        }
        return children.add(new ProtectionDomain(this, pd));
    }

    /** Creates a completion channel; it is closed with this context unless closed first. */
    public CompletionChannel createCompletionChannel()
    {
        ensureOpen();
        final Pointer channel = Ibverbs.ibv_create_comp_channel(context);
        if (channel == null)
        {
            throw VerbsException.of("ibv_create_comp_channel", Errno.of(-1), "The process may be out of file "
                + "descriptors (ulimit -n) or memory.");
        }
        return children.add(new CompletionChannel(this, channel));
    }

    /**
     * Creates a completion queue with room for at least {@code entries} completions whose events go to
     * {@code channel}, or nowhere when it is {@code null} (poll-only). It is closed with this context, or with the
     * channel, unless closed first.
     */
    public CompletionQueue createCompletionQueue(final int entries, final @Nullable CompletionChannel channel)
    {
        ensureOpen();
        if (entries < 1 || entries > attributes.maxCqe())
        {
            throw new IllegalArgumentException("A completion queue on " + name() + " holds 1.." + attributes.maxCqe()
                + " entries, not " + entries);
        }
        if (channel != null)
        {
            channel.ensureOpen();
            if (channel.context() != this)
            {
                throw new IllegalArgumentException(channel + " belongs to another context than " + this);
            }
        }
        final Pointer cq = Ibverbs.ibv_create_cq(context, entries, null, channel == null ? null : channel.pointer(), 0);
        if (cq == null)
        {
            throw VerbsException.of("ibv_create_cq", Errno.of(-1), "Asked for " + entries + " entries on " + name()
                + "; it allows " + attributes.maxCqe() + " per queue and " + attributes.maxCq() + " queues.");
        }
        final CompletionQueue queue = new CompletionQueue(this, cq, channel, fastPath);
        if (channel != null)
        {
            channel.attach(queue);
        }
        return children.add(queue);
    }

    /** How many objects created from this context are still open. */
    public int openChildren()
    {
        return children.size();
    }

    Pointer pointer()
    {
        return context;
    }

    /** How this context calls the data-path verbs (post, poll, notify). */
    FastPath fastPath()
    {
        return fastPath;
    }

    void closed(final AutoCloseable child)
    {
        children.remove(child);
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("The verbs context of " + name() + " is closed");
        }
    }

    private DeviceAttributes queryDevice()
    {
        final Memory attr = new Memory(DeviceAttrDescriptor.SIZE);
        attr.clear();
        final int rc = Ibverbs.ibv_query_device(context, attr);
        if (rc != 0)
        {
            release();
            throw VerbsException.of("ibv_query_device", Errno.of(rc), "The device " + name() + " did not answer.");
        }
        return new DeviceAttributes(
            attr.getString(DeviceAttrDescriptor.FW_VER_OFFSET),
            Long.reverseBytes(attr.getLong(DeviceAttrDescriptor.NODE_GUID_OFFSET)),
            attr.getLong(DeviceAttrDescriptor.MAX_MR_SIZE_OFFSET),
            attr.getInt(DeviceAttrDescriptor.VENDOR_ID_OFFSET),
            attr.getInt(DeviceAttrDescriptor.VENDOR_PART_ID_OFFSET),
            attr.getInt(DeviceAttrDescriptor.HW_VER_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_QP_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_QP_WR_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_SGE_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_CQ_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_CQE_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_MR_OFFSET),
            attr.getInt(DeviceAttrDescriptor.MAX_PD_OFFSET),
            Byte.toUnsignedInt(attr.getByte(DeviceAttrDescriptor.PHYS_PORT_CNT_OFFSET)));
    }

    private FastPath createFastPath()
    {
        try
        {
            return FastPaths.create(context);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            release();
            throw ex;
        }
    }

    /** Closes every child, newest first, then the device. Safe to call twice. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            children.closeAll();
        }
        finally
        {
            release();
        }
    }

    /** Closes a context this class opened; one rdma_cm holds stays open for rdma_cm's other users. */
    private void release()
    {
        if (ownedByRdmaCm)
        {
            return;
        }
        final int rc = Ibverbs.ibv_close_device(context);
        if (rc != 0)
        {
            throw VerbsException.of("ibv_close_device", Errno.of(rc), "The kernel frees the context at exit.");
        }
    }

    @Override
    public String toString()
    {
        return "VerbsContext[" + name() + "]";
    }
}

package io.rdmaspring.verbs;

import java.io.PrintStream;
import java.util.List;

/**
 * The project's own device listing ({@code scripts/rdma-info}): every device, its ports with state, link layer and
 * MTU, and the GID table with entry types, all read through verbs-core. Exits 1 with one line when there is no
 * device.
 */
public final class RdmaInfo
{
    private RdmaInfo()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(System.out, System.err));
    }

    static int run(final PrintStream out, final PrintStream err)
    {
        try
        {
            final List<RdmaDevice> devices = Verbs.requireDevices();
            for (final RdmaDevice device : devices)
            {
                print(device, out);
            }
            return 0;
        }
        catch (final VerbsException ex)
        {
            err.println("rdma-info: " + ex.getMessage());
            return 1;
        }
    }

    private static void print(final RdmaDevice device, final PrintStream out)
    {
        try (VerbsContext context = VerbsContext.open(device.name()))
        {
            final DeviceAttributes attributes = context.attributes();
            out.printf("%s  node GUID %016x  %s  firmware %s  vendor 0x%x part %d  ports %d%n", device.name(),
                device.guid(), device.devicePath(), attributes.firmwareVersion(), attributes.vendorId(),
                attributes.vendorPartId(), attributes.physicalPorts());
            out.printf("  limits: %d QPs x %d WRs, %d CQs x %d CQEs, %d MRs up to %s bytes, %d PDs, %d SGEs%n",
                attributes.maxQp(), attributes.maxQpWr(), attributes.maxCq(), attributes.maxCqe(), attributes.maxMr(),
                Long.toUnsignedString(attributes.maxMrSize()), attributes.maxPd(), attributes.maxSge());
            for (int port = 1; port <= attributes.physicalPorts(); port++)
            {
                final PortAttributes p = context.port(port);
                out.printf("  port %d: %s  link layer %s  active MTU %d (max %d)  lid %d  GID table %d entries%n",
                    port, p.state(), p.linkLayer().displayName(), p.activeMtu(), p.maxMtu(), p.lid(), p.gidTableLength());
                for (final GidEntry gid : context.gids(port))
                {
                    out.printf("    GID[%3d] %s  %-7s %s%n", gid.index(), gid.gidText(), gid.type().displayName(),
                        gid.address() == null ? "" : gid.address().getHostAddress());
                }
            }
        }
    }
}

package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.RdmaUnavailableException;

/**
 * No usable RDMA device: libibverbs or librdmacm cannot be loaded, the kernel lists no device, or {@code rdma.device}
 * names one it does not have. The exception's message already says which piece is missing; the action adds how to
 * check and how to start without RDMA.
 */
public final class RdmaUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<RdmaUnavailableException>
{
    static final String AUTO_CONFIGURATION = "io.rdmaspring.boot.autoconfigure.RdmaAutoConfiguration";

    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final RdmaUnavailableException cause)
    {
        return new FailureAnalysis("RDMA is not available: " + cause.getMessage(), action(cause), cause);
    }

    private static String action(final RdmaUnavailableException cause)
    {
        final StringBuilder action = new StringBuilder("Give this application an RDMA device:\n");
        if (cause.getCause() != null)
        {
            action.append("\t- install the RDMA user space: apt-get install libibverbs1 librdmacm1 ibverbs-providers "
                + "(Debian/Ubuntu) or dnf install rdma-core (Fedora/RHEL);\n");
        }
        return action.append("\t- see what the kernel and libibverbs have: `rdma link show` and `ibv_devices` "
            + "(package ibverbs-utils);\n"
            + "\t- without an RDMA NIC, create a Soft-RoCE device on an Ethernet interface: "
            + "`modprobe rdma_rxe && rdma link add rxe0 type rxe netdev <netdev>`;\n"
            + "\t- in a container, pass the device files: "
            + "`--device /dev/infiniband/uverbs0 --device /dev/infiniband/rdma_cm`;\n"
            + "\t- if rdma.device is set, set it to a name `ibv_devices` lists, or remove it to use the first device "
            + "with an ACTIVE port.\n"
            + "To start this application without RDMA, exclude the auto-configuration: "
            + "spring.autoconfigure.exclude=" + AUTO_CONFIGURATION).toString();
    }
}

package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.PortNotActiveException;
import io.rdmaspring.verbs.PortState;

/**
 * The chosen port is not ACTIVE: a RoCE port follows its netdev (bring it up, check the carrier); an InfiniBand port
 * is DOWN without a physical link and stays INIT or ARMED until a subnet manager configures it.
 */
public final class PortNotActiveFailureAnalyzer extends AbstractFailureAnalyzer<PortNotActiveException>
{
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final PortNotActiveException cause)
    {
        final String port = cause.device() + "/" + cause.port();
        final String netdev = cause.netdev();
        final String description = "Port " + cause.port() + " of RDMA device " + cause.device()
            + (netdev == null ? "" : " (on netdev " + netdev + ")") + " is " + cause.state()
            + ", not ACTIVE, so it cannot carry traffic.";
        final String action = "Bring the port up, then check it with `rdma link show " + port + "` (state ACTIVE):\n"
            + (netdev != null ? roce(netdev) : withoutNetdev(cause.state()))
            + "Or use another port or device: rdma.port=<n>, rdma.device=<name> (`ibv_devinfo` lists them).";
        return new FailureAnalysis(description, action, cause);
    }

    private static String roce(final String netdev)
    {
        return "\t- RoCE / Soft-RoCE follow their netdev: `ip link set " + netdev + " up`;\n"
            + "\t- `ip link show " + netdev + "` must not say NO-CARRIER: check its cable or switch port;\n";
    }

    private static String withoutNetdev(final PortState state)
    {
        final String common = "\t- RoCE: the netdev behind the port must be up: `ip link set <netdev> up` "
            + "(`rdma link show` names it);\n";
        if (state == PortState.INIT || state == PortState.ARMED)
        {
            return common + "\t- InfiniBand: the link is up but no subnet manager has configured the port: start "
                + "one on the fabric (`systemctl start opensm` on one host, or the switch's own SM);\n";
        }
        return common + "\t- InfiniBand: there is no physical link: check the cable and the switch port "
            + "(`ibstat` shows the physical state);\n";
    }
}

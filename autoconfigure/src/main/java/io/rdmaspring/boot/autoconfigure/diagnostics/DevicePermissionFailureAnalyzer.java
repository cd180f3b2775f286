package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.rdmaspring.verbs.DevicePermissionException;

/** The process may not open an RDMA device file: names the file and the udev rule or group that grants access. */
public final class DevicePermissionFailureAnalyzer extends AbstractFailureAnalyzer<DevicePermissionException>
{
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final DevicePermissionException cause)
    {
        final String file = cause.file();
        final String user = System.getProperty("user.name", "<user>");
        final String description = cause.verb() + " was denied the RDMA device file " + file + " (errno "
            + cause.errno() + "): it must be readable and writable by user " + user + ", and is not.";
        final String action = "Give user " + user + " read and write access to " + file + ":\n"
            + "\t- check it: `ls -l " + file + "` and `id " + user + "`;\n"
            + "\t- for every user, a udev rule in /etc/udev/rules.d/70-rdma.rules: " + rule(file)
            + " MODE=\"0666\"\n"
            + "\t- or for group rdma only: " + rule(file) + " GROUP=\"rdma\", MODE=\"0660\" and "
            + "`usermod -aG rdma " + user + "` (log in again);\n"
            + "\t- then apply the rule: `udevadm control --reload && udevadm trigger`;\n"
            + "\t- in a container, pass the file: `--device " + file + "`.";
        return new FailureAnalysis(description, action, cause);
    }

    /** The udev match for the denied file: the verbs files are uverbsN, the connection manager's is rdma_cm. */
    static String rule(final String file)
    {
        return file.endsWith("rdma_cm") ? "KERNEL==\"rdma_cm\"," : "KERNEL==\"uverbs*\", SUBSYSTEM==\"infiniband_verbs\",";
    }
}

package io.rdmaspring.verbs;

import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What connection tests open before each test and close after it: the test device's context, a protection domain
 * on it and a connector. Register with {@code @RegisterExtension final RdmaFixture rdma = new RdmaFixture();}.
 */
final class RdmaFixture implements BeforeEachCallback, AfterEachCallback
{
    private VerbsContext context;
    private ProtectionDomain pd;
    private RdmaConnector connector;

    @Override
    public void beforeEach(final ExtensionContext extensionContext)
    {
        context = VerbsContext.open(RdmaTestEnvironment.deviceName());
        pd = context.allocateProtectionDomain();
        connector = new RdmaConnector();
    }

    @Override
    public void afterEach(final ExtensionContext extensionContext)
    {
        connector.close();
        context.close();
    }

    VerbsContext context()
    {
        return context;
    }

    ProtectionDomain pd()
    {
        return pd;
    }

    RdmaConnector connector()
    {
        return connector;
    }
}

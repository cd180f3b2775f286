package io.rdmaspring.verbs;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

import io.rdmaspring.verbs.test.RdmaTest;
import io.rdmaspring.verbs.test.RdmaTestEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RdmaTest
class VerbsContextTest
{
    @Test
    void shouldListTheTestDevice()
    {
        final List<RdmaDevice> devices = Verbs.devices();

        assertThat(devices).extracting(RdmaDevice::name).contains(RdmaTestEnvironment.deviceName());
        final RdmaDevice device = devices.stream()
            .filter(d -> d.name().equals(RdmaTestEnvironment.deviceName())).findFirst().orElseThrow();
        assertThat(device.uverbsName()).matches("uverbs\\d+");
        assertThat(device.devicePath()).exists();
        assertThat(device.guid()).isNotZero();
    }

    @Test
    void shouldReportDeviceAndPortAttributesAsTheKernelDoes() throws Exception
    {
        try (VerbsContext context = VerbsContext.open(RdmaTestEnvironment.deviceName()))
        {
            final DeviceAttributes device = context.attributes();
            assertThat(device.physicalPorts()).isGreaterThanOrEqualTo(1);
            assertThat(device.maxQp()).isPositive();
            assertThat(device.maxCqe()).isPositive();
            assertThat(device.maxMrSize()).isNotZero();
            assertThat(device.nodeGuid()).isEqualTo(context.device().guid());

            final PortAttributes port = context.port(1);
            assertThat(port.state()).isEqualTo(PortState.ACTIVE);
            assertThat(port.linkLayer()).isEqualTo(LinkLayer.ETHERNET);
            assertThat(port.activeMtu()).isIn(256, 512, 1024, 2048, 4096);
            assertThat(port.gidTableLength()).isPositive();

            final InetAddress address = InetAddress.getByName(RdmaTestEnvironment.address());
            assertThat(context.gids(1))
                .filteredOn(GidEntry::isRoceV2Ipv4)
                .extracting(GidEntry::address)
                .contains(address);
        }
    }

    @Test
    void shouldRegisterADirectBufferForLocalWriteOnlyAndDeregisterIt()
    {
        try (VerbsContext context = VerbsContext.open(RdmaTestEnvironment.deviceName());
             ProtectionDomain pd = context.allocateProtectionDomain())
        {
            final long pinnedBefore = MemoryLimits.pinnedBytes();
            final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

            final MemoryRegion region = pd.register(buffer, AccessFlags.LOCAL_WRITE);

            assertThat(region.access()).isEqualTo(AccessFlags.LOCAL_WRITE);
            assertThat(region.access() & AccessFlags.ANY_REMOTE).isZero();
            assertThat(region.length()).isEqualTo(buffer.capacity());
            assertThat(region.lkey()).isNotZero();
            assertThat(pd.openChildren()).isEqualTo(1);
            assertThat(MemoryLimits.pinnedBytes() - pinnedBefore).isEqualTo(64 * 1024);

            region.close();
            region.close();

            assertThat(region.isClosed()).isTrue();
            assertThat(pd.openChildren()).isZero();
            assertThat(MemoryLimits.pinnedBytes()).isEqualTo(pinnedBefore);
        }
    }

    @Test
    void shouldCloseChildrenWithTheContext()
    {
        final VerbsContext context = VerbsContext.open(RdmaTestEnvironment.deviceName());
        final ProtectionDomain pd = context.allocateProtectionDomain();
        final MemoryRegion region = pd.allocate(4096, AccessFlags.LOCAL_WRITE);
        assertThat(context.openChildren()).isEqualTo(1);

        context.close();

        assertThat(region.isClosed()).isTrue();
        assertThat(context.openChildren()).isZero();
        assertThatThrownBy(context::allocateProtectionDomain).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNameTheDevicesThereAreWhenAskedForAnUnknownOne()
    {
        assertThatThrownBy(() -> VerbsContext.open("no_such_hca9"))
            .isInstanceOf(RdmaUnavailableException.class)
            .hasMessageContaining("no_such_hca9")
            .hasMessageContaining(RdmaTestEnvironment.deviceName());
    }
}

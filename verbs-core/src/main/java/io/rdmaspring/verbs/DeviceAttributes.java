package io.rdmaspring.verbs;

/**
 * What {@code ibv_query_device} reported: the limits the project sizes its queues and buffers against.
 *
 * @param firmwareVersion  the firmware version text
 * @param nodeGuid         the node GUID, in host order
 * @param maxMrSize        the largest memory region, in bytes
 * @param vendorId         the IEEE vendor id
 * @param vendorPartId     the vendor's part id
 * @param hardwareVersion  the hardware version
 * @param maxQp            queue pairs
 * @param maxQpWr          work requests per queue
 * @param maxSge           scatter/gather entries per work request
 * @param maxCq            completion queues
 * @param maxCqe           entries per completion queue
 * @param maxMr            memory regions
 * @param maxPd            protection domains
 * @param physicalPorts    number of ports, numbered from 1
 */
public record DeviceAttributes(
    String firmwareVersion, long nodeGuid, long maxMrSize, int vendorId, int vendorPartId, int hardwareVersion,
    int maxQp, int maxQpWr, int maxSge, int maxCq, int maxCqe, int maxMr, int maxPd, int physicalPorts)
{
}

package io.rdmaspring.verbs;

/**
 * A connection manager event, copied out of {@code struct rdma_cm_event} before it is acknowledged.
 *
 * @param type         what happened
 * @param status       the event's status: 0, a negative errno, or for REJECTED the IB/RoCE reject reason
 * @param id           the {@code rdma_cm_id *} it is about (for CONNECT_REQUEST, the new one)
 * @param listenId     for CONNECT_REQUEST, the listening id; else 0
 * @param privateData  the peer's private data, empty when none
 */
record CmEvent(CmEventType type, int status, long id, long listenId, byte[] privateData)
{
    @Override
    public String toString()
    {
        return type + "(status " + status + ", " + privateData.length + " bytes private data)";
    }
}

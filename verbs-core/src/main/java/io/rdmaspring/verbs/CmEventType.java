package io.rdmaspring.verbs;

/** The events the connection manager delivers ({@code enum rdma_cm_event_type}). */
public enum CmEventType
{
    @NativeConstant("RDMA_CM_EVENT_ADDR_RESOLVED") ADDR_RESOLVED,
    @NativeConstant("RDMA_CM_EVENT_ADDR_ERROR") ADDR_ERROR,
    @NativeConstant("RDMA_CM_EVENT_ROUTE_RESOLVED") ROUTE_RESOLVED,
    @NativeConstant("RDMA_CM_EVENT_ROUTE_ERROR") ROUTE_ERROR,
    @NativeConstant("RDMA_CM_EVENT_CONNECT_REQUEST") CONNECT_REQUEST,
    @NativeConstant("RDMA_CM_EVENT_CONNECT_RESPONSE") CONNECT_RESPONSE,
    @NativeConstant("RDMA_CM_EVENT_CONNECT_ERROR") CONNECT_ERROR,
    @NativeConstant("RDMA_CM_EVENT_UNREACHABLE") UNREACHABLE,
    @NativeConstant("RDMA_CM_EVENT_REJECTED") REJECTED,
    @NativeConstant("RDMA_CM_EVENT_ESTABLISHED") ESTABLISHED,
    @NativeConstant("RDMA_CM_EVENT_DISCONNECTED") DISCONNECTED,
    @NativeConstant("RDMA_CM_EVENT_DEVICE_REMOVAL") DEVICE_REMOVAL,
    @NativeConstant("RDMA_CM_EVENT_MULTICAST_JOIN") MULTICAST_JOIN,
    @NativeConstant("RDMA_CM_EVENT_MULTICAST_ERROR") MULTICAST_ERROR,
    @NativeConstant("RDMA_CM_EVENT_ADDR_CHANGE") ADDR_CHANGE,
    @NativeConstant("RDMA_CM_EVENT_TIMEWAIT_EXIT") TIMEWAIT_EXIT,
    /** A value this version does not know. */
    UNKNOWN;

    /** The C value. */
    public int code()
    {
        return this == UNKNOWN ? -1 : ordinal();
    }

    static CmEventType of(final int code)
    {
        final CmEventType[] values = values();
        return code >= 0 && code < values.length - 1 ? values[code] : UNKNOWN;
    }
}

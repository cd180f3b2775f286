package io.rdmaspring.boot.core;

/**
 * Names of the message headers the RDMA layer sets or reads. Application headers travel in the frame's header
 * section as strings; these carry the frame's own fields.
 */
public final class RdmaHeaders
{
    /** Prefix of every header this layer owns; such headers are not copied into frames. */
    public static final String PREFIX = "rdma_";
    /** The destination name the frame was sent to (inbound) or is sent to. */
    public static final String DESTINATION = PREFIX + "destination";
    /** The frame's correlation id ({@code Long}). */
    public static final String CORRELATION_ID = PREFIX + "correlationId";
    /** The peer's address, {@code host:port} (inbound only). */
    public static final String PEER = PREFIX + "peer";
    /** Whether the sender waits for a reply ({@code Boolean}, inbound only). */
    public static final String REQUEST = PREFIX + "request";
    /**
     * Set by a listener adapter on the value a listener returned for a one-way message: the destination to forward
     * it to ({@code @SendTo}). Ignored for requests, whose result always goes back to the requester.
     */
    public static final String SEND_TO = PREFIX + "sendTo";
    /** In an error reply: the class name of the exception the remote listener threw. */
    public static final String EXCEPTION_TYPE = PREFIX + "exceptionType";

    private RdmaHeaders()
    {
    }
}

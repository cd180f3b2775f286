package io.rdmaspring.verbs;

/** The life of an {@link RdmaConnection}. */
public enum ConnectionState
{
    /** rdma_cm is still setting it up. */
    CONNECTING,
    /** Messages flow. */
    OPEN,
    /** Closing: no new sends, waiting for the peer to process what was sent. */
    CLOSING,
    /** The peer went away or the queue pair failed; {@link RdmaConnection#failure()} says why. */
    FAILED,
    /** Closed and its resources released. */
    CLOSED
}

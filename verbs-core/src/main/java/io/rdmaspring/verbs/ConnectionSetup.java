package io.rdmaspring.verbs;

/**
 * What a connection does while rdma_cm sets it up and after. Every method runs on the connector's or acceptor's
 * connection manager thread; none may block for long.
 */
public interface ConnectionSetup
{
    /**
     * Before the connection is requested (active side) or accepted (passive side): create the queue pair on
     * {@code id}, post receives, and return the private data for the peer (at most 56 bytes when connecting, 196
     * when accepting). Throwing rejects or abandons the connection with the exception's message.
     *
     * @param peerPrivateData what the connecting peer sent, on the passive side; empty on the active side
     */
    byte[] prepare(CmId id, byte[] peerPrivateData);

    /** The connection is up. {@code peerPrivateData} is what the accepting peer sent, on the active side. */
    void established(CmId id, byte[] peerPrivateData);

    /** After establishment, the peer disconnected or the device went away. The id is still open. */
    void disconnected(CmId id, CmEventType why);

    /** Setup failed before establishment; the id is destroyed after this returns. */
    void failed(CmId id, VerbsException cause);
}

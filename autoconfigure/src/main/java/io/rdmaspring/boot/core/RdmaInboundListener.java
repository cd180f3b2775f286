package io.rdmaspring.boot.core;

/** Takes the frames that arrive for one destination, on the server's polling thread. */
@FunctionalInterface
public interface RdmaInboundListener
{
    void onFrame(RdmaInboundFrame frame);
}

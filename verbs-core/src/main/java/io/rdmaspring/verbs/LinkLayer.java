package io.rdmaspring.verbs;

/** The link layer of a port: InfiniBand, or Ethernet for RoCE and Soft-RoCE. */
public enum LinkLayer
{
    @NativeConstant("IBV_LINK_LAYER_UNSPECIFIED") UNSPECIFIED,
    @NativeConstant("IBV_LINK_LAYER_INFINIBAND") INFINIBAND,
    @NativeConstant("IBV_LINK_LAYER_ETHERNET") ETHERNET;

    /** The C value. */
    public int code()
    {
        return ordinal();
    }

    static LinkLayer of(final int code)
    {
        final LinkLayer[] values = values();
        return code >= 0 && code < values.length ? values[code] : UNSPECIFIED;
    }
}

package io.rdmaspring.verbs;

/** The link layer of a port: InfiniBand, or Ethernet for RoCE and Soft-RoCE. */
public enum LinkLayer
{
    @NativeConstant("IBV_LINK_LAYER_UNSPECIFIED") UNSPECIFIED("unspecified"),
    @NativeConstant("IBV_LINK_LAYER_INFINIBAND") INFINIBAND("InfiniBand"),
    @NativeConstant("IBV_LINK_LAYER_ETHERNET") ETHERNET("Ethernet");

    private final String displayName;

    LinkLayer(final String displayName)
    {
        this.displayName = displayName;
    }

    /** As {@code ibv_devinfo} prints it: {@code InfiniBand} or {@code Ethernet}. */
    public String displayName()
    {
        return displayName;
    }

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

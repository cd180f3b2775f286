package io.rdmaspring.boot.frame;

/** The fields of a frame that can be wrong, as {@link FrameDecodingException} names them. */
public enum FrameField
{
    MAGIC("magic"),
    VERSION("version"),
    FLAGS("flags"),
    HEADER_LENGTH("header length"),
    DESTINATION_LENGTH("destination length"),
    DESTINATION("destination"),
    HEADER_COUNT("header count"),
    HEADER_KEY_LENGTH("header key length"),
    HEADER_KEY("header key"),
    HEADER_VALUE_LENGTH("header value length"),
    HEADER_VALUE("header value"),
    PAYLOAD_LENGTH("payload length");

    private final String label;

    FrameField(final String label)
    {
        this.label = label;
    }

    /** The field's name in prose, as messages use it. */
    public String label()
    {
        return label;
    }
}

package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 proofs of a shared secret carried in the connection manager's private data, after the
 * {@link ConnectionHandshake}. A {@link ConnectionHandshake#FLAG_TOKEN} flag in the handshake says they are there.
 * <p>
 * The client's connection request (56 bytes, the most rdma_connect carries):
 * <pre>
 *   0                  28          32              40                                     56
 *   +------------------+-----------+---------------+--------------------------------------+
 *   | handshake        | timestamp | nonce         | MAC: HMAC-SHA256(secret, "RDMC client"|
 *   | (flag TOKEN set) | (u32 s)   | (8 random B)  | bytes 0..40), first 16 bytes         |
 *   +------------------+-----------+---------------+--------------------------------------+
 * </pre>
 * The server's acceptance (44 of the 196 bytes rdma_accept carries):
 * <pre>
 *   0                  28                                                              44
 *   +------------------+---------------------------------------------------------------+
 *   | handshake        | proof: HMAC-SHA256(secret, "RDMC server" | client bytes 28..40  |
 *   | (flag TOKEN set) | | server bytes 0..28), first 16 bytes                          |
 *   +------------------+---------------------------------------------------------------+
 * </pre>
 * Little-endian. The MAC covers the handshake, so the credit address and key cannot be swapped under a valid token;
 * the proof covers the client's nonce, so it cannot be replayed to another client.
 */
final class ConnectionToken
{
    static final int TIMESTAMP_OFFSET = ConnectionHandshake.LENGTH;
    static final int NONCE_OFFSET = TIMESTAMP_OFFSET + Integer.BYTES;
    static final int MAC_OFFSET = NONCE_OFFSET + Long.BYTES;
    static final int MAC_LENGTH = 16;
    static final int REQUEST_LENGTH = MAC_OFFSET + MAC_LENGTH;
    static final int PROOF_OFFSET = ConnectionHandshake.LENGTH;
    static final int ACCEPT_LENGTH = PROOF_OFFSET + MAC_LENGTH;

    private static final byte[] CLIENT_LABEL = "RDMC client".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "RDMC server".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom NONCES = new SecureRandom();

    private ConnectionToken()
    {
    }

    /** A random nonce for {@link #sign}: unpredictable, so a captured token says nothing about the next. */
    static long newNonce()
    {
        return NONCES.nextLong();
    }

    /** The connection request: {@code handshake} followed by a token signed with {@code secret}. */
    static byte[] sign(final byte[] secret, final byte[] handshake, final long epochSeconds, final long nonce)
    {
        final byte[] request = Arrays.copyOf(handshake, REQUEST_LENGTH);
        request[ConnectionHandshake.FLAGS_OFFSET] |= ConnectionHandshake.FLAG_TOKEN;
        final ByteBuffer buffer = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(TIMESTAMP_OFFSET, (int)epochSeconds).putLong(NONCE_OFFSET, nonce);
        System.arraycopy(mac(secret, CLIENT_LABEL, request, 0, MAC_OFFSET), 0, request, MAC_OFFSET, MAC_LENGTH);
        return request;
    }

    /** Whether the private data claims to carry a token or proof (its handshake has the flag). */
    static boolean carriesToken(final byte[] privateData)
    {
        return privateData.length > ConnectionHandshake.FLAGS_OFFSET
            && (privateData[ConnectionHandshake.FLAGS_OFFSET] & ConnectionHandshake.FLAG_TOKEN) != 0;
    }

    /** Whether the request's MAC is the one {@code secret} gives. Constant time. */
    static boolean signedWith(final byte[] secret, final byte[] request)
    {
        return request.length >= REQUEST_LENGTH && MessageDigest.isEqual(mac(secret, CLIENT_LABEL, request, 0,
            MAC_OFFSET), Arrays.copyOfRange(request, MAC_OFFSET, REQUEST_LENGTH));
    }

    /** The request's timestamp, in seconds since the epoch. */
    static long timestamp(final byte[] request)
    {
        return Integer.toUnsignedLong(ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getInt(TIMESTAMP_OFFSET));
    }

    static long nonce(final byte[] request)
    {
        return ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getLong(NONCE_OFFSET);
    }

    /** The acceptance: {@code handshake} followed by the proof that the server knows {@code secret}. */
    static byte[] prove(final byte[] secret, final byte[] request, final byte[] handshake)
    {
        final byte[] accept = Arrays.copyOf(handshake, ACCEPT_LENGTH);
        accept[ConnectionHandshake.FLAGS_OFFSET] |= ConnectionHandshake.FLAG_TOKEN;
        System.arraycopy(proof(secret, request, accept), 0, accept, PROOF_OFFSET, MAC_LENGTH);
        return accept;
    }

    /** Whether {@code accept} proves that the server knows {@code secret}. Constant time. */
    static boolean proves(final byte[] secret, final byte[] request, final byte[] accept)
    {
        return accept.length >= ACCEPT_LENGTH && carriesToken(accept) && MessageDigest.isEqual(
            proof(secret, request, accept), Arrays.copyOfRange(accept, PROOF_OFFSET, ACCEPT_LENGTH));
    }

    private static byte[] proof(final byte[] secret, final byte[] request, final byte[] accept)
    {
        final byte[] input = new byte[MAC_OFFSET - TIMESTAMP_OFFSET + ConnectionHandshake.LENGTH];
        System.arraycopy(request, TIMESTAMP_OFFSET, input, 0, MAC_OFFSET - TIMESTAMP_OFFSET);
        System.arraycopy(accept, 0, input, MAC_OFFSET - TIMESTAMP_OFFSET, ConnectionHandshake.LENGTH);
        return mac(secret, SERVER_LABEL, input, 0, input.length);
    }

    private static byte[] mac(final byte[] secret, final byte[] label, final byte[] data, final int offset,
        final int length)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(label);
            mac.update(data, offset, length);
            return Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM; every Java SE runtime has it",
                ex);
        }
    }
}

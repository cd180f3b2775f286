package io.rdmaspring.verbs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTokenTest
{
    private static final byte[] SECRET = "0123456789abcdef-shared".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "0123456789abcdef-shareD".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLIENT = new ConnectionHandshake(16, 4096, 0x7f00_1234_5000L, 77).encode();
    private static final byte[] SERVER = new ConnectionHandshake(32, 8192, 0x7f00_9999_0000L, 99).encode();

    @Test
    void shouldFitTheRequestIntoTheFiftySixBytesRdmaConnectCarries()
    {
        final byte[] request = ConnectionToken.sign(SECRET, CLIENT, 1_800_000_000L, 42);

        assertThat(request).hasSize(ConnParamDescriptor.MAX_CONNECT_PRIVATE_DATA);
        assertThat(ConnectionToken.carriesToken(request)).isTrue();
        assertThat(ConnectionToken.timestamp(request)).isEqualTo(1_800_000_000L);
        assertThat(ConnectionToken.nonce(request)).isEqualTo(42);
        assertThat(ConnectionHandshake.decode(request)).isEqualTo(ConnectionHandshake.decode(CLIENT));
        assertThat(ConnectionToken.carriesToken(CLIENT)).isFalse();
    }

    @Test
    void shouldVerifyOnlyWithTheSameSecret()
    {
        final byte[] request = ConnectionToken.sign(SECRET, CLIENT, 1_800_000_000L, 42);

        assertThat(ConnectionToken.signedWith(SECRET, request)).isTrue();
        assertThat(ConnectionToken.signedWith(OTHER, request)).isFalse();
    }

    @Test
    void shouldDetectAnyChangedByteOfTheSignedPart()
    {
        final byte[] request = ConnectionToken.sign(SECRET, CLIENT, 1_800_000_000L, 42);
        for (int i = 0; i < ConnectionToken.REQUEST_LENGTH; i++)
        {
            final byte[] tampered = request.clone();
            tampered[i] ^= 1;
            assertThat(ConnectionToken.signedWith(SECRET, tampered)).as("byte %d flipped", i).isFalse();
        }
        assertThat(ConnectionToken.signedWith(SECRET, Arrays.copyOf(request, ConnectionToken.REQUEST_LENGTH - 1)))
            .isFalse();
    }

    @Test
    void shouldProveTheServerKnowsTheSecretForThisRequestOnly()
    {
        final byte[] request = ConnectionToken.sign(SECRET, CLIENT, 1_800_000_000L, 42);
        final byte[] otherRequest = ConnectionToken.sign(SECRET, CLIENT, 1_800_000_000L, 43);
        final byte[] accept = ConnectionToken.prove(SECRET, request, SERVER);

        assertThat(accept).hasSize(ConnectionToken.ACCEPT_LENGTH);
        assertThat(ConnectionHandshake.decode(accept)).isEqualTo(ConnectionHandshake.decode(SERVER));
        assertThat(ConnectionToken.proves(SECRET, request, accept)).isTrue();
        assertThat(ConnectionToken.proves(SECRET, otherRequest, accept)).isFalse();
        assertThat(ConnectionToken.proves(OTHER, request, accept)).isFalse();
        assertThat(ConnectionToken.proves(OTHER, request, ConnectionToken.prove(SECRET, request, SERVER))).isFalse();
    }

    @Test
    void shouldNotTakeAServerWithoutProofForOne()
    {
        final byte[] request = ConnectionToken.sign(SECRET, CLIENT, 1_800_000_000L, 42);
        final byte[] padded = Arrays.copyOf(SERVER, 196);

        assertThat(ConnectionToken.proves(SECRET, request, padded)).isFalse();
        assertThat(ConnectionToken.proves(SECRET, request, SERVER)).isFalse();
    }

    @Test
    void shouldUseUnpredictableNonces()
    {
        assertThat(ConnectionToken.newNonce()).isNotEqualTo(ConnectionToken.newNonce());
    }
}

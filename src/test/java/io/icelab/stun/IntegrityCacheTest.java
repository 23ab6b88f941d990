package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One {@link Integrity} keeps keyed Macs per key; {@link KeyCache} makes each credential's key once. */
class IntegrityCacheTest {
    private static byte[] request(byte[] key, Integrity integrity, int tid) {
        return StunMessageBuilder.request(Method.BINDING, TransactionId.fromHex(String.format("%024x", tid)))
                .add(CoreAttribute.Username.of("a:b")).integrity(key).fingerprint().encode(integrity);
    }

    @Test
    void moreKeysThanKept_eachStillSignsAndVerifiesAsAFreshStateWould() throws Exception {
        Integrity kept = new Integrity();
        int keys = Integrity.KEYS_KEPT * 3 + 1;
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < keys; k++) {
                byte[] key = StunKeys.shortTerm("password-" + k);
                byte[] signed = request(key, kept, k);
                assertThat(signed).isEqualTo(request(key, new Integrity(), k));
                StunMessage m = StunDecoder.decode(signed);
                assertThat(kept.verify(m, key)).isEqualTo(Integrity.Status.VALID);
                assertThat(kept.verify(m, StunKeys.shortTerm("password-" + (k + 1)))).isEqualTo(Integrity.Status.INVALID);
            }
        }
    }

    @Test
    void aKeyChangedByItsOwnerAfterUse_isNotMistakenForTheOldOne() throws Exception {
        byte[] key = StunKeys.shortTerm("first");
        StunMessage signed = StunDecoder.decode(request(key, new Integrity(), 1));
        Integrity kept = new Integrity();
        assertThat(kept.verify(signed, key)).isEqualTo(Integrity.Status.VALID); // keyed with the caller's array
        byte[] second = StunKeys.shortTerm("other");
        System.arraycopy(second, 0, key, 0, Math.min(key.length, second.length));
        assertThat(kept.verify(signed, key)).isEqualTo(Integrity.Status.INVALID);
    }

    @Test
    void encodeIntoAnOffset_writesTheSameBytesAsEncode() {
        byte[] key = StunKeys.longTermMd5("user", "realm", "pass");
        StunMessageBuilder b = StunMessageBuilder.request(Method.BINDING, TransactionId.fromHex("0102030405060708090a0b0c"))
                .add(CoreAttribute.Software.of("x")).integrity(key).integritySha256(key).fingerprint();
        Integrity integrity = new Integrity();
        byte[] plain = b.encode(integrity);
        byte[] framed = new byte[plain.length + 13];
        Arrays.fill(framed, (byte) 0x5a);
        int n = b.encodeInto(framed, 7, integrity);
        assertThat(n).isEqualTo(plain.length);
        assertThat(Arrays.copyOfRange(framed, 7, 7 + n)).isEqualTo(plain);
        assertThat(framed[6]).isEqualTo((byte) 0x5a);
        assertThat(framed[7 + n]).isEqualTo((byte) 0x5a);
    }

    @Test
    void aFailedHmac_leavesTheKeptMacClean() throws Exception {
        Integrity kept = new Integrity();
        byte[] key = StunKeys.shortTerm("pw");
        byte[] good = request(key, kept, 3);
        assertThatThrownBy(() -> kept.hmacSha1(key, new byte[8], 40, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(kept.verify(StunDecoder.decode(good), key)).isEqualTo(Integrity.Status.VALID);
    }

    @Test
    void keyCache_makesAKeyOncePerCredential_andForgetsTheLeastRecentlyUsed() {
        KeyCache cache = new KeyCache(2);
        byte[] a = cache.shortTerm("a");
        assertThat(cache.shortTerm("a")).isSameAs(a).isEqualTo(StunKeys.shortTerm("a"));
        byte[] lt = cache.longTerm(CoreAttribute.PasswordAlgorithm.MD5, "u", "r", "a");
        assertThat(lt).isEqualTo(StunKeys.longTermMd5("u", "r", "a")).isNotEqualTo(a);
        assertThat(cache.shortTerm("a")).isSameAs(a); // a is now the most recent
        cache.shortTerm("b"); // forgets the long-term key
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.shortTerm("a")).isSameAs(a);
        assertThat(cache.longTerm(CoreAttribute.PasswordAlgorithm.MD5, "u", "r", "a")).isNotSameAs(lt).isEqualTo(lt);
        assertThat(cache.longTerm(CoreAttribute.PasswordAlgorithm.SHA256, "u", "r", "a"))
                .isEqualTo(StunKeys.longTermSha256("u", "r", "a"));
    }
}

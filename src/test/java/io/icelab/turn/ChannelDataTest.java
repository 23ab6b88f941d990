package io.icelab.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Bytes;
import io.icelab.stun.StunDecodeException;
import org.junit.jupiter.api.Test;

/** The ChannelData message (RFC 8656 §12.4-§12.6): channel ranges, lengths, padding on streams. */
class ChannelDataTest {
    @Test
    void channelRanges_atTheirEdges() {
        assertThat(ChannelData.isValidChannel(0x3fff)).isFalse();
        assertThat(ChannelData.isValidChannel(0x4000)).isTrue();
        assertThat(ChannelData.isValidChannel(0x4fff)).isTrue();
        assertThat(ChannelData.isValidChannel(0x5000)).isFalse();
        assertThat(ChannelData.isLegacyChannel(0x3fff)).isFalse();
        assertThat(ChannelData.isLegacyChannel(0x4000)).isTrue();
        assertThat(ChannelData.isLegacyChannel(0x7fff)).isTrue();
        assertThat(ChannelData.isLegacyChannel(0x8000)).isFalse();
        assertThatThrownBy(() -> new ChannelData(0x3fff, Bytes.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelData(0x8000, Bytes.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChannelData(0x7fff, Bytes.EMPTY).channel()).isEqualTo(0x7fff);
        assertThatThrownBy(() -> new ChannelData(0x4000, Bytes.wrap(new byte[0x10000])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChannelData(0x4000, Bytes.wrap(new byte[0xffff])).data().length()).isEqualTo(0xffff);
    }

    @Test
    void encodeAndDecode_withAndWithoutPadding() throws Exception {
        ChannelData cd = new ChannelData(0x4abc, Bytes.wrap(new byte[] {1, 2, 3, 4, 5}));
        byte[] udp = cd.encode(io.icelab.stun.Transport.UDP);
        byte[] tcp = cd.encode(io.icelab.stun.Transport.TCP);
        assertThat(udp).containsExactly(0x4a, 0xbc, 0, 5, 1, 2, 3, 4, 5);
        assertThat(tcp).hasSize(12).startsWith(0x4a, 0xbc, 0, 5, 1, 2, 3, 4, 5);
        assertThat(ChannelData.decode(Bytes.wrap(udp))).isEqualTo(cd);
        assertThat(ChannelData.decode(Bytes.wrap(tcp))).as("the padding is not data").isEqualTo(cd);
        ChannelData big = new ChannelData(0x4001, Bytes.wrap(new byte[0x1234]));
        assertThat(big.encode(io.icelab.stun.Transport.UDP)[2]).isEqualTo((byte) 0x12);
        assertThat(big.encode(io.icelab.stun.Transport.UDP)[3]).isEqualTo((byte) 0x34);
        assertThat(ChannelData.decode(Bytes.wrap(big.encode(io.icelab.stun.Transport.UDP)))).isEqualTo(big);
        ChannelData legacy = new ChannelData(0x7f00, Bytes.wrap(new byte[] {9}));
        assertThat(ChannelData.decode(Bytes.wrap(legacy.encode(io.icelab.stun.Transport.UDP)), ChannelData.Range.RFC5766)).isEqualTo(legacy);
    }

    @Test
    void malformedChannelData_isATypedError() {
        assertThatThrownBy(() -> ChannelData.decode(Bytes.wrap(new byte[] {0x40, 0, 0})))
                .isInstanceOfSatisfying(StunDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.TOO_SHORT);
                    assertThat(e.offset()).isEqualTo(3);
                });
        assertThat(decodes(new byte[] {0x40, 0, 0, 0})).as("4 bytes, empty data").isTrue();
        assertThatThrownBy(() -> ChannelData.decode(Bytes.wrap(new byte[] {0x50, 0, 0, 0})))
                .isInstanceOfSatisfying(StunDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.BAD_CHANNEL_NUMBER));
        assertThat(decodesLegacy(new byte[] {0x50, 0, 0, 0})).isTrue();
        assertThatThrownBy(() -> ChannelData.decode(Bytes.wrap(new byte[] {0x40, 0, 0, 2, 1})))
                .isInstanceOfSatisfying(StunDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.TRUNCATED);
                    assertThat(e.offset()).isEqualTo(2);
                });
        assertThat(decodes(new byte[] {0x40, 0, 0, 2, 1, 2})).as("exactly long enough").isTrue();
    }

    private static boolean decodes(byte[] b) {
        try {
            ChannelData.decode(Bytes.wrap(b));
            return true;
        } catch (StunDecodeException e) {
            return false;
        }
    }

    private static boolean decodesLegacy(byte[] b) {
        try {
            ChannelData.decode(Bytes.wrap(b), ChannelData.Range.RFC5766);
            return true;
        } catch (StunDecodeException e) {
            return false;
        }
    }
}

package io.icelab.stun;

/** RFC 7983 §7: what a packet on a multiplexed port is, by its first byte. */
public enum PacketKind {
    /** 0-3. */
    STUN,
    /** 16-19. */
    ZRTP,
    /** 20-63. */
    DTLS,
    /** 64-79: TURN ChannelData (RFC 8656 §12). */
    CHANNEL_DATA,
    /** 128-191. */
    RTP_RTCP,
    /** Anything else: drop. */
    OTHER;

    /**
     * RFC 7983 §7: what a datagram is, from its first byte.
     *
     * @param first the first byte
     * @return STUN, ChannelData, DTLS, RTP/RTCP or other
     */
    public static PacketKind classify(byte first) {
        int b = first & 0xff;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 16 && b <= 19) {
            return ZRTP;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 64 && b <= 79) {
            return CHANNEL_DATA;
        }
        if (b >= 128 && b <= 191) {
            return RTP_RTCP;
        }
        return OTHER;
    }
}

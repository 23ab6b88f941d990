package io.icelab.ice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.FuzzBytes;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz targets of the ICE agent (issue 13): SDP candidate lines, and an agent in either role fed a
 * script of raw datagrams and of connectivity checks signed with its own password (so they pass
 * MESSAGE-INTEGRITY and reach role conflicts, triggered checks and nomination), with time moving on.
 */
class IceFuzzTest {
    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 1000);

    @FuzzTest(maxDuration = "5m")
    void candidateLine(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int n = 0;
        for (String line : text.split("\n", 64)) {
            try {
                IceSdp.parseCandidate(line, ++n, HostnameResolver.NONE);
            } catch (SdpParseException e) {
                // typed, with its line and field
            }
        }
        try {
            IceSdp.parse(List.of(text.split("\n", 64)), HostnameResolver.NONE);
        } catch (SdpParseException e) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void agent(byte[] data) {
        FuzzBytes in = new FuzzBytes(data);
        IceAgent a = new IceAgent(IceConfig.defaults(in.pick(2) == 0 ? Role.CONTROLLING : Role.CONTROLLED)
                .withLoopback(true), new SplittableRandom(1));
        a.addStream(List.of(List.of(LOCAL)));
        a.gather(0);
        a.setRemoteCredentials(1, "remoteufrag", "remotepasswordremotepassword");
        InetSocketAddress remote = new InetSocketAddress("10.0.0.2", 2000);
        a.addRemoteCandidate(0, 1, Candidate.remote("1", 1, 2130706431L, remote, CandidateType.HOST, null));
        byte[] key = StunKeys.shortTerm(a.localPwd());
        SplittableRandom random = new SplittableRandom(2);
        long now = 0;
        while (in.more()) {
            now += in.u8() * 5_000_000L;
            InetSocketAddress from = in.pick(4) == 0 ? new InetSocketAddress("10.0.0." + (3 + in.pick(3)), 3000) : remote;
            byte[] payload;
            if (in.pick(2) == 0) {
                payload = in.take(in.u16() % 600);
            } else {
                StunMessageBuilder b = StunMessageBuilder.request(Method.BINDING, TransactionId.random(random))
                        .add(CoreAttribute.Username.of(a.localUfrag() + ":remoteufrag"))
                        .add(new IceAttribute.Priority(in.u16() * 65536L + in.u16()));
                switch (in.pick(3)) {
                    case 0 -> b.add(new IceAttribute.IceControlling(in.u16()));
                    case 1 -> b.add(new IceAttribute.IceControlled(in.u16()));
                    default -> { }
                }
                if (in.pick(2) == 0) {
                    b.add(new IceAttribute.UseCandidate());
                }
                payload = b.integrity(key).fingerprint().encode();
            }
            a.handleDatagram(now, new Datagram(Transport.UDP, LOCAL, from, Bytes.wrap(payload)));
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            while (a.pollTransmit(now) != null) {
                // drained
            }
            while (a.pollEvent() != null) {
                // drained
            }
        }
    }
}

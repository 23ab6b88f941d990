package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * icelab's agent against ice4j (jitsi, 3.2-15-g6da2b08) in one JVM over 127.0.0.1, both role
 * assignments. ice4j only has a single-port harvester bound to 127.0.0.1; its AWS and STUN mapping
 * harvesters are disabled by the test JVM's configuration (see the pom), so it sends nowhere else.
 */
public class Ice4jInteropTest {
    static final long S = 1_000_000_000L;

    @org.junit.jupiter.api.BeforeAll
    static void ice4jIsConfinedToLoopback() {
        // Set by surefire (pom.xml); without it ice4j would probe the AWS metadata address.
        assertThat(System.getProperty("ice4j.harvest.mapping.aws.enabled"))
                .as("run through Maven: ice4j must be configured with its AWS harvester off").isEqualTo("false");
    }

    @ParameterizedTest(name = "icelab {0}")
    @EnumSource(Role.class)
    void icelabAndIce4j_connect(Role ours) throws Exception {
        connect(ours);
    }

    /**
     * icelab in role {@code ours} and ice4j in the other meet over 127.0.0.1 (also run by the interop suite, for its
     * matrix).
     *
     * @param ours icelab's role
     * @throws Exception when they do not
     */
    public static void connect(Role ours) throws Exception {
        int port4 = Loopback.freePortRange(1);
        SinglePortUdpHarvester harvester = new SinglePortUdpHarvester(new TransportAddress("127.0.0.1", port4, Transport.UDP));
        Agent ice4j = new Agent();
        try (SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            ice4j.setUseDynamicPorts(false);
            ice4j.addCandidateHarvester(harvester);
            ice4j.setControlling(ours == Role.CONTROLLED);
            IceMediaStream stream = ice4j.createMediaStream("data");
            Component component = ice4j.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);

            IceAgent agent = new IceAgent(IceConfig.defaults(ours).withLoopback(true), new SplittableRandom(11));
            InetSocketAddress local = rt.localAddresses().get(0);
            agent.addStream(List.of(List.of(local)));
            agent.setRemoteCredentials(1, ice4j.getLocalUfrag(), ice4j.getLocalPassword());
            stream.setRemoteUfrag(agent.localUfrag());
            stream.setRemotePassword(agent.localPwd());

            ConcurrentLinkedQueue<LongConsumer> tasks = new ConcurrentLinkedQueue<>();
            List<IceEvent> events = new CopyOnWriteArrayList<>();
            agent.gather(rt.nowNanos());
            for (IceEvent e; (e = agent.pollEvent()) != null; ) {
                if (e instanceof IceEvent.CandidateGathered g) {
                    Candidate c = g.candidate();
                    component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address().getAddress(),
                            c.address().getPort(), Transport.UDP), component, org.ice4j.ice.CandidateType.HOST_CANDIDATE,
                            c.foundation(), c.priority(), null));
                }
            }
            for (LocalCandidate lc : component.getLocalCandidates()) {
                TransportAddress ta = lc.getTransportAddress();
                assertThat(ta.getAddress().isLoopbackAddress()).as("ice4j candidate " + ta).isTrue();
                Candidate c = Candidate.remote(lc.getFoundation(), 1, lc.getPriority(),
                        new InetSocketAddress(ta.getAddress(), ta.getPort()), CandidateType.HOST, null);
                tasks.add(now -> agent.addRemoteCandidate(now, 1, c));
            }
            tasks.add(now -> agent.endOfRemoteCandidates(now, 1));
            ice4j.startConnectivityEstablishment();
            boolean ok = rt.drive(agent, events::add,
                    () -> agent.selectedPair(1, 1) != null && ice4j.getState() == IceProcessingState.COMPLETED
                            || ice4j.getState() == IceProcessingState.TERMINATED,
                    20 * S, now -> {
                        for (LongConsumer t; (t = tasks.poll()) != null; ) {
                            t.accept(now);
                        }
                    });
            assertThat(ok).as("icelab " + ours + ": ours " + agent.componentState(1, 1) + ", ice4j " + ice4j.getState())
                    .isTrue();
            assertThat(agent.selectedPair(1, 1)[1].address()).isEqualTo(new InetSocketAddress("127.0.0.1", port4));
            assertThat(component.getSelectedPair().getRemoteCandidate().getTransportAddress().getPort())
                    .isEqualTo(local.getPort());
        } finally {
            ice4j.free();
            harvester.close();
        }
    }
}

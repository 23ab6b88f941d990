package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The line protocol of {@code icelab ice-agent} (README) spoken by another stack: ice4j through
 * {@link Ice4jLineAgent}, against {@code icelab ice-agent}, two processes on 127.0.0.1 wired output to input.
 * Both connect on the same pair, data crosses both ways, and both exit 0 when their input ends.
 */
public class LineProtocolAdaptersTest {
    @BeforeAll
    static void ice4jIsConfinedToLoopback() {
        assertThat(System.getProperty("ice4j.harvest.mapping.aws.enabled"))
                .as("run through Maven: ice4j must be configured with its AWS harvester off").isEqualTo("false");
    }

    /** The surefire configuration's ice4j properties, for the adapter's JVM. */
    public static List<String> ice4jProperties() {
        List<String> out = new ArrayList<>();
        for (String name : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
            if (name.startsWith("ice4j.") || name.startsWith("org.ice4j.")) {
                out.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        return out;
    }

    static IceAgentProcessesTest.Agent ice4j(String... args) throws Exception {
        return new IceAgentProcessesTest.Agent(ice4jProperties(), List.of(Ice4jLineAgent.class.getName()), args);
    }

    @ParameterizedTest(name = "icelab {0}, ice4j the other role")
    @EnumSource(Role.class)
    void icelabAndTheIce4jAdapter_connect_exchangeData_andExit0(Role icelabRole) throws Exception {
        String ours = icelabRole == Role.CONTROLLING ? "--controlling" : "--controlled";
        String theirs = icelabRole == Role.CONTROLLING ? "--controlled" : "--controlling";
        try (IceAgentProcessesTest.Agent icelab = new IceAgentProcessesTest.Agent(ours, "--timeout", "20s");
                IceAgentProcessesTest.Agent ice4j = ice4j(theirs, "--timeout", "20")) {
            icelab.wire(ice4j);
            String a = icelab.await("connected ");
            String b = ice4j.await("connected ");
            assertThat(a).matches("connected 127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:\\d+ udp");
            String[] pa = a.split(" ");
            String[] pb = b.split(" ");
            assertThat(pa[1]).as("icelab's local is ice4j's remote").isEqualTo(pb[2]);
            assertThat(pa[2]).as("ice4j's local is icelab's remote").isEqualTo(pb[1]);
            icelab.say("send from icelab");
            assertThat(ice4j.await("data ")).isEqualTo("data from icelab");
            ice4j.say("send from ice4j");
            assertThat(icelab.await("data ")).isEqualTo("data from ice4j");
            icelab.process.getOutputStream().close();
            ice4j.process.getOutputStream().close();
            for (IceAgentProcessesTest.Agent x : List.of(icelab, ice4j)) {
                assertThat(x.process.waitFor(10, TimeUnit.SECONDS)).as("exits when its input ends").isTrue();
                assertThat(x.process.exitValue()).as("stderr: %s", x.errors()).isZero();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theAdapter_refusesWhatItDoesNotSupport_exit2() throws Exception {
        try (IceAgentProcessesTest.Agent x = ice4j("--controlling", "--tcp")) {
            assertThat(x.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(x.process.exitValue()).isEqualTo(2);
            assertThat(String.join("\n", x.errorsAfterExit())).contains("'--tcp' is not supported");
        }
    }
}

package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Stateless nonces (RFC 8489 §9.2): valid for their lifetime, for their source, and with their features. */
class NonceManagerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aNonceIsValidUpToItsLifetime_staleAfter_andStaleBeforeItWasIssued() {
        NonceManager m = new NonceManager(new SplittableRandom(1), 60 * S, NonceCookie.PASSWORD_ALGORITHMS);
        String n = m.issue(100 * S, "udp 192.0.2.1:5000");
        assertThat(n).startsWith(NonceCookie.PREFIX);
        assertThat(NonceCookie.features(n)).isEqualTo(NonceCookie.PASSWORD_ALGORITHMS);
        assertThat(m.check(n, 100 * S, "udp 192.0.2.1:5000")).isEqualTo(NonceManager.Check.VALID);
        assertThat(m.check(n, 160 * S, "udp 192.0.2.1:5000")).as("exactly the lifetime").isEqualTo(NonceManager.Check.VALID);
        assertThat(m.check(n, 160 * S + 1, "udp 192.0.2.1:5000")).isEqualTo(NonceManager.Check.STALE);
        assertThat(m.check(n, 100 * S - 1, "udp 192.0.2.1:5000")).as("from the future").isEqualTo(NonceManager.Check.STALE);
    }

    @Test
    void aNonceIsWorthNothing_fromAnotherSource_withOtherFeatures_orTamperedWith() {
        NonceManager m = new NonceManager(new SplittableRandom(2), 60 * S, NonceCookie.PASSWORD_ALGORITHMS);
        String n = m.issue(5 * S, "a");
        assertThat(m.check(n, 5 * S, "b")).isEqualTo(NonceManager.Check.INVALID);
        NonceManager other = new NonceManager(new SplittableRandom(2), 60 * S, 0);
        assertThat(other.check(n, 5 * S, "a")).as("another feature set").isEqualTo(NonceManager.Check.INVALID);
        NonceManager otherSecret = new NonceManager(new SplittableRandom(3), 60 * S, NonceCookie.PASSWORD_ALGORITHMS);
        assertThat(otherSecret.check(n, 5 * S, "a")).as("another server's secret").isEqualTo(NonceManager.Check.INVALID);
        String prefix = n.substring(0, NonceCookie.PREFIX.length() + 4);
        assertThat(m.check(prefix, 5 * S, "a")).as("the cookie alone").isEqualTo(NonceManager.Check.INVALID);
        assertThat(m.check(prefix + "-abc", 5 * S, "a")).as("no stamp").isEqualTo(NonceManager.Check.INVALID);
        assertThat(m.check(prefix + "zz-" + n.substring(n.indexOf('-', prefix.length()) + 1), 5 * S, "a"))
                .as("a stamp that is not hex").isEqualTo(NonceManager.Check.INVALID);
        String later = m.issue(6 * S, "a");
        String spliced = later.substring(0, later.indexOf('-', prefix.length())) + n.substring(n.indexOf('-', prefix.length()));
        assertThat(m.check(spliced, 6 * S, "a")).as("another nonce's MAC").isEqualTo(NonceManager.Check.INVALID);
        assertThat(m.check(n, 5 * S)).as("bound to nothing: not the same").isEqualTo(NonceManager.Check.INVALID);
        assertThat(m.check(m.issue(5 * S), 5 * S)).isEqualTo(NonceManager.Check.VALID);
        assertThat(m.features()).isEqualTo(NonceCookie.PASSWORD_ALGORITHMS);
    }
}

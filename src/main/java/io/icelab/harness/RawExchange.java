package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.sim.SimApp;
import io.icelab.stun.StunMessage;
import java.util.List;

/** The last raw request a scenario sent (raw STUN or TURN) and where its answers arrive: the answer steps read it. */
final class RawExchange {
    private SimApp<StunMessage> app;
    private int answersBefore;

    /** A request is about to go from {@code app}: its answers are the ones that arrive from now on. */
    void expect(SimApp<StunMessage> app) {
        this.app = app;
        this.answersBefore = app.events().size();
    }

    /** Every answer the client of the last request received, earlier ones included. */
    List<StunMessage> all() {
        if (app == null) {
            throw new AssertionError("no raw request was sent in this scenario");
        }
        return app.events();
    }

    /** The final answer to the last request. */
    StunMessage last() {
        List<StunMessage> all = all();
        assertThat(all.size()).as("an answer to the last request").isGreaterThan(answersBefore);
        return all.get(all.size() - 1);
    }

    SimApp<StunMessage> app() {
        return app;
    }
}

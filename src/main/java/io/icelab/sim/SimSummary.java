package io.icelab.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-of-run report of a scenario: packets per link, drops by cause, NAT tables, what each app did. */
public final class SimSummary {
    private SimSummary() {
    }

    public static List<String> lines(Scenario scenario) {
        Simulation sim = scenario.simulation();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "scenario  %s  seed %d  virtual time %s s  events %d", scenario.name(),
                sim.seed(), SimTime.format(sim.now()), sim.eventsExecuted()));
        out.add(String.format(Locale.ROOT, "%-26s %8s %10s %8s  %s", "link", "sent", "delivered", "dropped", "drops by cause"));
        for (Host h : sim.hosts()) {
            for (Interface i : h.interfaces()) {
                out.add(link(i.up()));
                out.add(link(i.down()));
            }
        }
        for (NatDevice d : sim.nats()) {
            out.add(link(d.up()));
            out.add(link(d.down()));
        }
        Map<DropCause, Long> drops = sim.drops();
        out.add("drops     " + (drops.isEmpty() ? "none" : format(drops)));
        for (NatDevice d : sim.nats()) {
            out.add(String.format(Locale.ROOT, "nat       %-20s %-10s %d mappings  external %s", d.name(),
                    d.config().mode().name().toLowerCase(Locale.ROOT), d.tableSize(), addresses(d)));
        }
        for (SimApp<?> a : scenario.apps()) {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            for (Object e : a.events()) {
                kinds.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
            Object last = a.events().isEmpty() ? null : a.events().get(a.events().size() - 1);
            out.add(String.format(Locale.ROOT, "app       %-26s %s%s", a.name(), kinds.isEmpty() ? "no events" : kinds,
                    last == null ? "" : "  last: " + EventText.of(last)));
        }
        return out;
    }

    private static String link(LinkDirection l) {
        return String.format(Locale.ROOT, "%-26s %8d %10d %8d  %s", l.name(), l.sent(), l.delivered(), l.dropped(),
                l.drops().isEmpty() ? "" : format(l.drops()));
    }

    private static String format(Map<DropCause, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }

    private static String addresses(NatDevice d) {
        List<String> a = new ArrayList<>();
        d.externalAddresses().forEach(x -> a.add(x.getHostAddress()));
        return a.toString();
    }
}

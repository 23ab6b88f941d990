package io.icelab.replay;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * What lets lint check MESSAGE-INTEGRITY: ICE ufrag/password pairs and TURN user/realm/password, from
 * a sidecar next to the capture ({@code NAME.pcap.credentials.yaml}):
 * <pre>
 * ice:  [{ ufrag: aB3d, pwd: 22-chars-or-more-secret }]
 * turn: [{ user: ice, realm: icelab, password: relay-pass }]
 * </pre>
 */
public record Credentials(Map<String, String> icePasswords, List<TurnUser> turnUsers) {
    public static final Credentials NONE = new Credentials(Map.of(), List.of());

    public record TurnUser(String user, String realm, String password) {
    }

    public Credentials {
        icePasswords = java.util.Collections.unmodifiableMap(new TreeMap<>(icePasswords));
        turnUsers = List.copyOf(turnUsers);
    }

    public boolean isEmpty() {
        return icePasswords.isEmpty() && turnUsers.isEmpty();
    }

    /** The sidecar of a capture if there is one, else {@link #NONE}. */
    public static Credentials forCapture(Path capture) throws CredentialsException {
        Path sidecar = capture.resolveSibling(capture.getFileName() + ".credentials.yaml");
        return Files.isRegularFile(sidecar) ? load(sidecar) : NONE;
    }

    public static Credentials load(Path file) throws CredentialsException {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (MarkedYAMLException e) {
            throw new CredentialsException(file + ":" + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CredentialsException(file + ": no such file");
        } catch (IOException e) {
            throw new CredentialsException(file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        if (doc == null) {
            return NONE;
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw new CredentialsException(file + ": expected a map with 'ice' and/or 'turn'");
        }
        Map<String, String> ice = new TreeMap<>();
        List<TurnUser> turn = new ArrayList<>();
        for (Map<?, ?> e : entries(file, top, "ice")) {
            ice.put(field(file, e, "ice", "ufrag"), field(file, e, "ice", "pwd"));
        }
        for (Map<?, ?> e : entries(file, top, "turn")) {
            turn.add(new TurnUser(field(file, e, "turn", "user"), field(file, e, "turn", "realm"),
                    field(file, e, "turn", "password")));
        }
        for (Object k : top.keySet()) {
            if (!"ice".equals(k) && !"turn".equals(k)) {
                throw new CredentialsException(file + ": unknown key '" + k + "' (expected ice, turn)");
            }
        }
        return new Credentials(ice, turn);
    }

    private static List<Map<?, ?>> entries(Path file, Map<?, ?> top, String key) throws CredentialsException {
        Object v = top.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new CredentialsException(file + ": '" + key + "' must be a list");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new CredentialsException(file + ": " + key + "[" + i + "] must be a map");
            }
            out.add(m);
        }
        return out;
    }

    private static String field(Path file, Map<?, ?> m, String list, String name) throws CredentialsException {
        Object v = m.get(name);
        if (v == null) {
            throw new CredentialsException(file + ": an entry of '" + list + "' has no '" + name + "'");
        }
        return String.valueOf(v);
    }

    /**
     * The key a request's MESSAGE-INTEGRITY was made with, or null when these credentials do not say:
     * short-term for an ICE check (the receiver's password, named by the left part of USERNAME, RFC 8445
     * §7.2.2), long-term MD5 for USERNAME + REALM (RFC 8489 §9.2.2).
     */
    byte[] keyFor(StunMessage request) {
        CoreAttribute.Username u = request.attribute(CoreAttribute.Username.class);
        if (u == null) {
            return null;
        }
        String name = u.value().utf8();
        CoreAttribute.Realm realm = request.attribute(CoreAttribute.Realm.class);
        if (realm != null) {
            for (TurnUser t : turnUsers) {
                if (t.user().equals(name) && t.realm().equals(realm.value().utf8())) {
                    CoreAttribute.PasswordAlgorithm alg = request.attribute(CoreAttribute.PasswordAlgorithm.class);
                    return alg == null ? StunKeys.longTermMd5(t.user(), t.realm(), t.password())
                            : StunKeys.longTerm(alg.algorithm(), t.user(), t.realm(), t.password());
                }
            }
            return null;
        }
        int colon = name.indexOf(':');
        String pwd = colon > 0 ? icePasswords.get(name.substring(0, colon)) : null;
        return pwd == null ? null : StunKeys.shortTerm(pwd);
    }

    /** A sidecar that cannot be read: the file, line and what was wrong. */
    public static final class CredentialsException extends IOException {
        public CredentialsException(String message) {
            super(message);
        }
    }
}

package io.icelab.stun;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys made once per credential: the short-term key (RFC 8489 §9.1.1) per password, the long-term
 * key (§9.2.2) per algorithm, user, realm and password. OpaqueString preparation and the digest run
 * when a credential is first seen, not per message. Bounded: past {@code capacity} the least recently
 * used credential is forgotten. Callers must not change a returned key. Not thread-safe.
 */
public final class KeyCache {
    /** A long-term credential; a short-term one is keyed by its password alone (no object made per lookup). */
    private record Credential(int algorithm, String username, String realm, String password) {
    }

    private final Map<Object, byte[]> keys;

    /**
     * @param capacity how many credentials to keep keys for
     */
    public KeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * @param password the password (prepared here, once)
     * @return its short-term key
     */
    public byte[] shortTerm(String password) {
        return keys.computeIfAbsent(password, p -> StunKeys.shortTerm((String) p));
    }

    /**
     * @param algorithm a PASSWORD-ALGORITHM number
     * @param username the user
     * @param realm the realm
     * @param password the password
     * @return the long-term key
     */
    public byte[] longTerm(int algorithm, String username, String realm, String password) {
        return keys.computeIfAbsent(new Credential(algorithm, username, realm, password),
                c -> StunKeys.longTerm(algorithm, username, realm, password));
    }

    /** @return how many keys are held */
    public int size() {
        return keys.size();
    }
}

package io.icelab.turn;

import io.icelab.stun.Bytes;
import io.icelab.stun.LongTermUsers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited credentials from a shared secret (the "TURN REST API" scheme, coturn's
 * {@code use-auth-secret}): the username is {@code EXPIRY[:USER]} in Unix seconds and the password is
 * base64(HMAC-SHA1(secret, username)). The current Unix time is injected; the core reads no clock.
 */
public final class RestApiUsers implements LongTermUsers {
    private final byte[] secret;
    private final LongSupplier unixSeconds;

    /**
     * Users of a shared secret.
     *
     * @param secret the secret shared with the web service that hands out credentials
     * @param unixSeconds the current Unix time (a username's expiry is checked against it)
     */
    public RestApiUsers(String secret, LongSupplier unixSeconds) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.unixSeconds = unixSeconds;
    }

    /**
     * The password a client of this secret would use for {@code username}.
     *
     * @param secret the shared secret
     * @param username "expiry:user"
     * @return the password
     */
    public static String passwordFor(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has HmacSHA1", e);
        }
    }

    @Override
    public String password(String username, String realm) {
        int colon = username.indexOf(':');
        String stamp = colon < 0 ? username : username.substring(0, colon);
        long expiry;
        try {
            expiry = Long.parseLong(stamp);
        } catch (NumberFormatException e) {
            return null;
        }
        if (expiry < unixSeconds.getAsLong()) {
            return null;
        }
        return passwordFor(new String(secret, StandardCharsets.UTF_8), username);
    }

    @Override
    public String usernameForHash(Bytes hash, String realm) {
        return null; // USERHASH cannot be reversed for generated usernames
    }
}

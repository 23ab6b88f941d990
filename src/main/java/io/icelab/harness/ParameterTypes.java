package io.icelab.harness;

import io.cucumber.java.ParameterType;
import io.icelab.ice.IceConfig;
import java.util.Locale;

/**
 * Step options as types: a step that takes {@code {toggle}} or {@code {nomination}} matches only the words listed
 * here, so a misspelt option is an undefined step instead of a silent default.
 */
public final class ParameterTypes {
    /** A behaviour switched on or off (hairpinning, port parity). */
    public enum Toggle {
        ON,
        OFF;

        boolean on() {
            return this == ON;
        }
    }

    @ParameterType("on|off")
    public Toggle toggle(String word) {
        return Toggle.valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** RFC 8445 §8.1.1: regular or aggressive nomination. */
    @ParameterType("regular|aggressive")
    public IceConfig.Nomination nomination(String word) {
        return IceConfig.Nomination.valueOf(word.toUpperCase(Locale.ROOT));
    }
}

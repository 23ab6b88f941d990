package io.icelab.ice;

/** RFC 8445 §2.3: who nominates. */
public enum Role { CONTROLLING, CONTROLLED }

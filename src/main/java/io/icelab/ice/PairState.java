package io.icelab.ice;

/** RFC 8445 §6.1.2.6 candidate pair states. */
public enum PairState { FROZEN, WAITING, IN_PROGRESS, SUCCEEDED, FAILED }

package io.icelab.ice;

/** A component's connectivity, as applications usually present it. */
public enum ComponentState { CHECKING, CONNECTED, FAILED, DISCONNECTED }

/**
 * ICE, sans-IO: a full or lite agent (RFC 8445) with trickle (RFC 8838), consent freshness (RFC 7675), host,
 * server-reflexive, peer-reflexive and relayed candidates (the latter through {@code io.icelab.turn}), and the SDP
 * attributes of RFC 8839 ({@link io.icelab.ice.IceSdp}: {@code a=candidate}, {@code a=ice-ufrag},
 * {@code a=ice-pwd}, {@code a=ice-options}, {@code a=ice-lite}, {@code a=end-of-candidates}). ICE-TCP's
 * {@code tcptype} (RFC 6544 §4.5) is parsed and printed. Needs the JDK, {@code io.icelab.stun} and
 * {@code io.icelab.turn} only.
 */
package io.icelab.ice;

/**
 * Multicast DNS for ICE host names (RFC 6762, draft-ietf-mmusic-mdns-ice-candidates): the message codec, a one-shot
 * querier and a responder, sans-IO, and their socket drivers: resolving the {@code .local} names browsers put in
 * their host candidates, and answering for names icelab gives its own.
 */
package io.icelab.net.mdns;

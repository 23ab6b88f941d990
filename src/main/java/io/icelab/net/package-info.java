/**
 * Real sockets for the sans-IO stack: {@link io.icelab.net.SocketRuntime} drives any
 * {@link io.icelab.stun.SansIo} object over non-blocking UDP sockets and TCP connections (STUN and ChannelData
 * framed on a stream as RFC 8656 §3.1 and §12.5 say), on the calling thread, with the wall clock. It is the only place where the stack meets the operating
 * system; the simulator in {@code io.icelab.sim} is the other driver, with virtual time.
 */
package io.icelab.net;

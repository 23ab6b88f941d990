/**
 * TCP for the simulator, sans-IO like the rest of the stack: segments as on the wire with their checksums
 * (RFC 9293 §3.1), one connection's state machine (RFC 9293 §3.3.2, §3.5, §3.6, §3.10) with retransmission
 * timers (RFC 6298), and a host's stack that demultiplexes segments to connections and listeners. No clock and
 * no randomness of its own: time comes with every call, initial sequence numbers from the caller.
 */
package io.icelab.sim.tcp;

/**
 * Live probes of other implementations (issue 19): {@code icelab probe ice} runs an ICE agent that speaks the
 * {@code ice-agent} line protocol against icelab's own agent on loopback, each side on no NAT or behind a
 * {@link io.icelab.probe.NatBox} that makes the simulator's RFC 4787 decisions ({@link io.icelab.sim.NatTranslator})
 * between real sockets, and judges what the agent sends under the requirement ids of features/requirements.yaml
 * ({@link io.icelab.probe.PeerObservations}). Uses the core, the socket runtime and the simulator's NAT model; only
 * loopback addresses.
 */
package io.icelab.probe;

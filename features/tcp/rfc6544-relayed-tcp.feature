@epic:RFC6544 @feature:RFC6544-relayed-tcp
Feature: RFC 6544 relayed TCP candidates from RFC 6062 TCP allocations
  With UDP off and both agents behind symmetric NATs, no direct TCP pair connects: an unsolicited SYN never gets
  in, and a symmetric NAT maps the connection to the peer anew, so its server-reflexive S-O address is of no use
  (the TCP NAT matrix's failing cells). A TURN server that grants TCP allocations closes the gap. Each agent asks
  it, over TCP, for a TCP allocation and offers two relayed TCP candidates on it: a passive one on the relayed
  address, which the peer's active candidates connect to (the server announces the connection with a
  ConnectionAttempt and the agent binds a data connection to it), and an active one signalled on port 9, whose
  check makes the agent's TURN client send Connect, so that the server opens the connection to the peer's
  passive candidate from the relayed address. Checks and data cross the relay RFC 4571-framed, as on any TCP
  candidate.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for user "ice" with password "relay-pass" that grants TCP allocations

  @req:RFC6544-4.1-relayed @req:RFC6062-4.3 @req:RFC6062-4.4
  Scenario: behind two symmetric NATs, with TCP only, a host active candidate connects to the peer's relayed passive one
    Given alice behind "symmetric" NAT
    And bob behind "symmetric" NAT
    When alice and bob run ICE over TCP only with TCP allocations on the TURN server
    Then alice and bob connect within 10 s
    And alice's selected TCP pair is host active to relay passive
    And bob's selected TCP pair is relay passive to prflx active
    When alice sends "through the tcp relay" to bob
    Then bob receives "through the tcp relay"

  @req:RFC6544-4.1-relayed @req:RFC6544-4.5 @req:RFC6062-4.3
  Scenario: relay-only, the agents meet relayed active to relayed passive: Connect from one allocation to the other
    Given alice behind "symmetric" NAT
    And bob behind "symmetric" NAT
    When alice and bob run ICE over TCP only through TCP allocations on the TURN server, relay-only
    Then alice and bob connect within 10 s
    And alice gathered an active relayed TCP candidate on port 9
    And alice's selected TCP pair is relay active to relay passive
    When bob sends "relay to relay" to alice
    Then alice receives "relay to relay"

@epic:RFC8656 @feature:RFC8656-relaying
Feature: data through icelab's TURN server: permissions by IP address, Send and Data indications
  Peers are hosts on the simulated internet; alice allocates behind a NAT and talks to them through
  her relayed address.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for user "ice" with password "relay-pass"
    And a peer at "198.51.100.99:7000" that echoes
    And a peer at "198.51.100.99:7001"
    And a peer at "198.51.100.98:7000"
    And alice behind "port-restricted-cone" NAT

  @req:RFC8656-11.2
  Scenario: a Send indication to a permitted peer is relayed; its answer comes back in a Data indication
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice asks for a permission for "198.51.100.99:7000"
    And alice sends "over the relay" to "198.51.100.99:7000" through the relay
    Then the peer at "198.51.100.99:7000" received "over the relay" from alice's relayed address
    And alice receives "over the relay" from "198.51.100.99:7000" through the relay

  @req:RFC8656-9-ip @req:RFC8656-11.3
  Scenario: a permission opens the relay to the peer's IP address on any port, and to no other address
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice asks for a permission for "198.51.100.99:7000"
    And the peer at "198.51.100.99:7001" sends "same IP, other port" to alice's relayed address
    And the peer at "198.51.100.98:7000" sends "no permission" to alice's relayed address
    Then alice receives "same IP, other port" from "198.51.100.99:7001" through the relay
    And alice receives nothing from "198.51.100.98:7000" through the relay

  @req:RFC8656-11.1-1
  Scenario: data for a peer without a permission waits for the permission the client asks for first
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice sends "before any permission" to "198.51.100.99:7000" through the relay
    Then the peer at "198.51.100.99:7000" received "before any permission" from alice's relayed address
    And every Send indication alice sent went to a peer it had a permission for

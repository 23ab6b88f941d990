@epic:RFC8656 @feature:RFC8656-11.4
Feature: data the client did not ask for, or not yet (RFC 8656 §11.4, §12)
  A test server at the TURN server's address grants the allocation, then pushes a Data indication from
  a peer the client never asked for, and one from each peer it did ask for.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet that forwards data from peers without a permission
    And alice behind "full-cone" NAT

  @req:RFC8656-11.4-1
  Scenario: a Data indication from a peer without a permission is dropped; from a permitted peer it is delivered
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice asks for a permission for "198.51.100.99:7000"
    Then alice receives nothing from "198.51.100.66:7000" through the relay
    And alice receives "from 198.51.100.99:7000" from "198.51.100.99:7000" through the relay

  @req:RFC8656-12-4
  Scenario: ChannelData that overtakes the ChannelBind answer is taken: the client was ready once it asked
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice binds a channel to "198.51.100.99:7000"
    Then alice receives "before the ChannelBind answer" from "198.51.100.99:7000" through the relay

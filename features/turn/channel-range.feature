@epic:RFC8656 @feature:RFC8656-12
Feature: a TURN server that takes RFC 8656 channel numbers only (RFC 8656 §12)
  icelab's server also takes RFC 5766's channel numbers 0x5000-0x7FFF by default, for older clients (a
  deliberate deviation); configured for RFC 8656 only, it refuses them and drops their ChannelData.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for user "ice" with password "relay-pass" taking RFC 8656 channel numbers only
    And a peer at "198.51.100.99:7000"
    And alice behind "no" NAT

  @req:RFC8656-12-1
  Scenario: ChannelData on a reserved channel number is dropped; on a bound 0x4000 it is relayed
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a ChannelBind of channel 0x5000 to 198.51.100.99:7000"
    Then the answer to it is error 400
    When alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.99:7000"
    Then the answer to it is a success
    When alice then sends ChannelData on channel 0x5000 saying "reserved range"
    And alice then sends ChannelData on channel 0x4000 saying "bound channel"
    Then the peer at "198.51.100.99:7000" did not receive "reserved range"
    And the peer at "198.51.100.99:7000" received "bound channel"

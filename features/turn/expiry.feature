@epic:RFC8656 @feature:RFC8656-expiry
Feature: icelab's TURN server lets permissions (300 s) and channels (600 s) that nobody refreshes expire

  A raw client on alice's host makes the requests and sends the data itself, without the refreshes a
  real client makes, so the scenarios see the server's timers.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for user "ice" with password "relay-pass"
    And a peer at "198.51.100.99:7000"
    And alice behind "no" NAT

  @req:RFC8656-9-ip @req:RFC8656-9
  Scenario: a permission nobody refreshes lasts 300 s: data to the peer is relayed before, dropped after
    When alice, as "ice" with password "relay-pass", sends "an Allocate with LIFETIME 1200"
    And alice then sends "a CreatePermission for 198.51.100.99"
    And alice then sends a Send indication to "198.51.100.99:7000" saying "early"
    Then the peer at "198.51.100.99:7000" received "early"
    When the simulation runs for 290 s
    And alice then sends a Send indication to "198.51.100.99:7000" saying "at 296 s"
    Then the peer at "198.51.100.99:7000" received "at 296 s"
    When the simulation runs for 10 s
    And alice then sends a Send indication to "198.51.100.99:7000" saying "at 308 s"
    Then the peer at "198.51.100.99:7000" did not receive "at 308 s"

  # ChannelData at 2 s and 592 s did not keep the channel beyond 600 s: it refreshes nothing (RFC 8656 §12.6)
  @req:RFC8656-12-600 @req:RFC8656-12
  Scenario: a channel nobody refreshes lasts 600 s: ChannelData on it is relayed before, dropped after
    When alice, as "ice" with password "relay-pass", sends "an Allocate with LIFETIME 1200"
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.99:7000"
    And alice then sends ChannelData on channel 0x4000 saying "early"
    Then the peer at "198.51.100.99:7000" received "early"
    When the simulation runs for 240 s
    And alice then sends "a CreatePermission for 198.51.100.99"
    And the simulation runs for 240 s
    And alice then sends "a CreatePermission for 198.51.100.99"
    And the simulation runs for 100 s
    And alice then sends ChannelData on channel 0x4000 saying "at 592 s"
    Then the peer at "198.51.100.99:7000" received "at 592 s"
    When the simulation runs for 10 s
    And alice then sends ChannelData on channel 0x4000 saying "at 604 s"
    Then the peer at "198.51.100.99:7000" did not receive "at 604 s"

  @req:RFC8656-12-quarantine
  Scenario: an expired channel number is not bound to another peer for 5 minutes
    Given a peer at "198.51.100.98:7000"
    When alice, as "ice" with password "relay-pass", sends "an Allocate with LIFETIME 1200"
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.99:7000"
    And the simulation runs for 610 s
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.98:7000"
    Then the answer to it is error 400
    When the simulation runs for 300 s
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.98:7000"
    Then the answer to it is a success

  @req:RFC8656-12.6-2
  Scenario: ChannelData refreshes neither channel nor permission: the peer's answers stop at 300 s, the channel at 600 s
    Given a peer at "198.51.100.98:7000" that echoes
    When alice, as "ice" with password "relay-pass", sends "an Allocate with LIFETIME 1200"
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.98:7000"
    And the simulation runs for 200 s
    And alice then sends ChannelData on channel 0x4000 saying "at 202 s"
    Then the TURN server relayed "at 202 s" back to alice
    When the simulation runs for 100 s
    And alice then sends ChannelData on channel 0x4000 saying "at 304 s"
    Then the TURN server did not relay "at 304 s" back to alice

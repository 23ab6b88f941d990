@epic:RFC8656 @feature:RFC8445-relay-matrix
Feature: with a TURN server, every cell of the NAT matrix connects

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for user "ice" with password "relay-pass"

  @req:RFC8445-5.1.1.2 @req:RFC8445-5.1.1.2-pace
  Scenario Outline: alice <alice>, bob <bob> with a relay: connected <how>
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice's gathering requests started at least 50 ms apart
    And alice's connection <how>
    When alice sends "over the path" to bob
    Then bob receives "over the path"

    Examples:
      | alice                         | bob                           | how                            |
      | no                            | no                            | does not go through the relay  |
      | no                            | full-cone                     | does not go through the relay  |
      | no                            | restricted-cone               | does not go through the relay  |
      | no                            | port-restricted-cone          | does not go through the relay  |
      | no                            | symmetric                     | does not go through the relay  |
      | no                            | cgn-over-port-restricted-cone | does not go through the relay  |
      | full-cone                     | no                            | does not go through the relay  |
      | full-cone                     | full-cone                     | does not go through the relay  |
      | full-cone                     | restricted-cone               | does not go through the relay  |
      | full-cone                     | port-restricted-cone          | does not go through the relay  |
      | full-cone                     | symmetric                     | does not go through the relay  |
      | full-cone                     | cgn-over-port-restricted-cone | does not go through the relay  |
      | restricted-cone               | no                            | does not go through the relay  |
      | restricted-cone               | full-cone                     | does not go through the relay  |
      | restricted-cone               | restricted-cone               | does not go through the relay  |
      | restricted-cone               | port-restricted-cone          | does not go through the relay  |
      | restricted-cone               | symmetric                     | does not go through the relay  |
      | restricted-cone               | cgn-over-port-restricted-cone | does not go through the relay  |
      | port-restricted-cone          | no                            | does not go through the relay  |
      | port-restricted-cone          | full-cone                     | does not go through the relay  |
      | port-restricted-cone          | restricted-cone               | does not go through the relay  |
      | port-restricted-cone          | port-restricted-cone          | does not go through the relay  |
      | port-restricted-cone          | cgn-over-port-restricted-cone | does not go through the relay  |
      | symmetric                     | no                            | does not go through the relay  |
      | symmetric                     | full-cone                     | does not go through the relay  |
      | symmetric                     | restricted-cone               | does not go through the relay  |
      | cgn-over-port-restricted-cone | no                            | does not go through the relay  |
      | cgn-over-port-restricted-cone | full-cone                     | does not go through the relay  |
      | cgn-over-port-restricted-cone | restricted-cone               | does not go through the relay  |
      | cgn-over-port-restricted-cone | port-restricted-cone          | does not go through the relay  |
      | cgn-over-port-restricted-cone | cgn-over-port-restricted-cone | does not go through the relay  |

  @req:RFC8445-5.1.1.2 @req:RFC8445-5.1.1.2-pace @req:RFC8656-9 @req:RFC8656-12 @req:RFC8445-7.2.1-1 @req:RFC8445-7.2.1-2 @req:RFC8445-7.2.1-3
  Scenario Outline: alice <alice>, bob <bob>: only the relay connects; data on the bound channel goes as ChannelData
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice's gathering requests started at least 50 ms apart
    And alice's connection <how>
    When the simulation runs for 2 s
    And alice sends "over the path" to bob
    Then bob receives "over the path"
    And "over the path" crossed the TURN server as ChannelData
    And alice created a permission before each relayed check and bound channels only after selection

    Examples:
      | alice                         | bob                           | how                            |
      | port-restricted-cone          | symmetric                     | goes through the relay         |
      | symmetric                     | port-restricted-cone          | goes through the relay         |
      | symmetric                     | symmetric                     | goes through the relay         |
      | symmetric                     | cgn-over-port-restricted-cone | goes through the relay         |
      | cgn-over-port-restricted-cone | symmetric                     | goes through the relay         |

@epic:RFC4787 @feature:profiles
Feature: every named NAT profile is what its file says

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC4787-4.1 @req:RFC4787-5
  Scenario Outline: the <profile> profile
    Given alice behind "<profile>" NAT
    When alice runs RFC 5780 NAT discovery
    Then alice's NAT is found to have "<mapping>" mapping and "<filtering>" filtering

    Examples:
      | profile                       | mapping                    | filtering                  |
      | full-cone                     | endpoint-independent       | endpoint-independent       |
      | restricted-cone               | endpoint-independent       | address-dependent          |
      | port-restricted-cone          | endpoint-independent       | address-and-port-dependent |
      | symmetric                     | address-and-port-dependent | address-and-port-dependent |
      | linux-masquerade              | endpoint-independent       | address-and-port-dependent |
      | cgn                           | endpoint-independent       | address-and-port-dependent |
      | cgn-over-port-restricted-cone | endpoint-independent       | address-and-port-dependent |

  @req:RFC5780-4.3
  Scenario: no NAT at all
    Given alice behind "no" NAT
    When alice runs RFC 5780 NAT discovery
    Then alice is found to be behind no NAT

  @req:RFC4787-4.3
  Scenario Outline: behind <profile>, a UDP mapping lives 120 s after the last outbound packet
    Given alice behind "<profile>" NAT
    When alice sends a Binding request to the STUN server
    And the simulation runs for 118 s
    Then alice's NAT holds 1 mapping
    When the simulation runs for 3 s
    Then alice's NAT holds 0 mappings

    Examples:
      | profile              |
      | port-restricted-cone |
      | symmetric            |

  @req:RFC4787-4.3-refresh
  Scenario: an outbound packet at 100 s keeps the mapping alive until 220 s
    Given alice behind "port-restricted-cone" NAT
    When alice sends a Binding request to the STUN server
    And the simulation runs for 100 s
    And alice sends a Binding request to the STUN server
    And the simulation runs for 118 s
    Then alice's NAT holds 1 mapping
    When the simulation runs for 3 s
    Then alice's NAT holds 0 mappings

@epic:RFC8445 @feature:RFC8445-nat-matrix
Feature: ICE across the NAT matrix, derived from RFC 4787 reasoning
  A symmetric NAT gives the peer a mapping it never learned: only peers filtering by address at most
  (or no NAT) let its checks in. Every other pair of situations connects by hole punching.

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC8445-6.1.2 @req:RFC8445-7.2.5 @req:RFC8445-7.3.1.3 @req:RFC8445-8.1.1 @req:RFC8445-7.2.5.3.1 @req:RFC8445-7.3.1.4
  Scenario Outline: alice <alice>, bob <bob>: connected, alice <local> to <remote>
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice's selected pair is <local> to <remote>
    And bob's selected pair is <remote> to <local>
    And every FINGERPRINT on the wire is valid
    And alice checked back every address a check came from within 200 ms

    Examples:
      | alice                         | bob                           | local | remote |
      | no                            | no                            | host  | host   |
      | no                            | full-cone                     | host  | srflx  |
      | no                            | restricted-cone               | host  | srflx  |
      | no                            | port-restricted-cone          | host  | srflx  |
      | no                            | symmetric                     | host  | prflx  |
      | no                            | cgn-over-port-restricted-cone | host  | srflx  |
      | full-cone                     | no                            | srflx | host   |
      | full-cone                     | full-cone                     | srflx | srflx  |
      | full-cone                     | restricted-cone               | srflx | srflx  |
      | full-cone                     | port-restricted-cone          | srflx | srflx  |
      | full-cone                     | symmetric                     | srflx | prflx  |
      | full-cone                     | cgn-over-port-restricted-cone | srflx | srflx  |
      | restricted-cone               | no                            | srflx | host   |
      | restricted-cone               | full-cone                     | srflx | srflx  |
      | restricted-cone               | restricted-cone               | srflx | srflx  |
      | restricted-cone               | port-restricted-cone          | srflx | srflx  |
      | restricted-cone               | symmetric                     | srflx | prflx  |
      | restricted-cone               | cgn-over-port-restricted-cone | srflx | srflx  |
      | port-restricted-cone          | no                            | srflx | host   |
      | port-restricted-cone          | full-cone                     | srflx | srflx  |
      | port-restricted-cone          | restricted-cone               | srflx | srflx  |
      | port-restricted-cone          | port-restricted-cone          | srflx | srflx  |
      | port-restricted-cone          | cgn-over-port-restricted-cone | srflx | srflx  |
      | symmetric                     | no                            | prflx | host   |
      | symmetric                     | full-cone                     | prflx | srflx  |
      | symmetric                     | restricted-cone               | prflx | srflx  |
      | cgn-over-port-restricted-cone | no                            | srflx | host   |
      | cgn-over-port-restricted-cone | full-cone                     | srflx | srflx  |
      | cgn-over-port-restricted-cone | restricted-cone               | srflx | srflx  |
      | cgn-over-port-restricted-cone | port-restricted-cone          | srflx | srflx  |
      | cgn-over-port-restricted-cone | cgn-over-port-restricted-cone | srflx | srflx  |

  @req:RFC8445-6.1.2.1 @req:RFC8838-13 @req:RFC8445-7.2.5.2.3
  Scenario Outline: alice <alice>, bob <bob>: no direct path, both fail cleanly
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE
    Then ICE fails for alice and bob within 120 s

    Examples:
      | alice                         | bob                           |
      | port-restricted-cone          | symmetric                     |
      | symmetric                     | port-restricted-cone          |
      | symmetric                     | symmetric                     |
      | symmetric                     | cgn-over-port-restricted-cone |
      | cgn-over-port-restricted-cone | symmetric                     |

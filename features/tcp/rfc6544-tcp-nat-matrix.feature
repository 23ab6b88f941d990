@epic:RFC6544 @feature:RFC6544-tcp-nat-matrix
Feature: ICE over TCP across the NAT matrix, derived from RFC 5382 reasoning
  With UDP off and TCP host candidates only (an active one and a passive one per agent), a connection is
  opened by one agent's active candidate towards the other's passive candidate. Any NAT lets an outbound
  connection out (RFC 5382 REQ-1: endpoint-independent mapping, the SYN creates it), but no NAT lets an
  unsolicited SYN in to an address behind it (REQ-4: dropped, or refused with a RST after 6 s by the
  linux-masquerade profile), and a passive host candidate behind a NAT has a private address the peer cannot
  reach anyway. So an agent on a public address is reachable by a peer behind any NAT, whose active candidate
  connects out and is learnt as a peer-reflexive active candidate (RFC 6544 §7.2.1); where both are behind NATs
  no TCP pair of host candidates can connect. (Server-reflexive simultaneous-open candidates, which would let
  two endpoint-independent NATs connect, are not gathered yet.)

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC6544-6.2 @req:RFC6544-7.1 @req:RFC6544-7.2
  Scenario Outline: alice <alice>, bob <bob>: connected over TCP, alice <alice_pair>
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE over TCP only
    Then alice and bob connect within 10 s
    And alice's selected TCP pair is <alice_local> to <alice_remote>
    And bob's selected TCP pair is <bob_local> to <bob_remote>
    When alice sends "over tcp" to bob
    Then bob receives "over tcp"

    Examples:
      | alice                         | bob                           | alice_pair | alice_local  | alice_remote | bob_local    | bob_remote   |
      | no                            | no                            | active     | host active  | host passive | host passive | prflx active |
      | no                            | full-cone                     | passive    | host passive | prflx active | host active  | host passive |
      | no                            | restricted-cone               | passive    | host passive | prflx active | host active  | host passive |
      | no                            | port-restricted-cone          | passive    | host passive | prflx active | host active  | host passive |
      | no                            | symmetric                     | passive    | host passive | prflx active | host active  | host passive |
      | no                            | linux-masquerade              | passive    | host passive | prflx active | host active  | host passive |
      | no                            | cgn-over-port-restricted-cone | passive    | host passive | prflx active | host active  | host passive |
      | full-cone                     | no                            | active     | host active  | host passive | host passive | prflx active |
      | restricted-cone               | no                            | active     | host active  | host passive | host passive | prflx active |
      | port-restricted-cone          | no                            | active     | host active  | host passive | host passive | prflx active |
      | symmetric                     | no                            | active     | host active  | host passive | host passive | prflx active |
      | linux-masquerade              | no                            | active     | host active  | host passive | host passive | prflx active |
      | cgn-over-port-restricted-cone | no                            | active     | host active  | host passive | host passive | prflx active |

  Scenario Outline: alice <alice>, bob <bob>: no TCP pair can connect, both fail cleanly
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE over TCP only
    Then ICE fails for alice and bob within 120 s

    Examples:
      | alice                         | bob                           |
      | full-cone                     | full-cone                     |
      | full-cone                     | restricted-cone               |
      | full-cone                     | port-restricted-cone          |
      | full-cone                     | symmetric                     |
      | full-cone                     | linux-masquerade              |
      | full-cone                     | cgn-over-port-restricted-cone |
      | restricted-cone               | full-cone                     |
      | restricted-cone               | restricted-cone               |
      | restricted-cone               | port-restricted-cone          |
      | restricted-cone               | symmetric                     |
      | restricted-cone               | linux-masquerade              |
      | restricted-cone               | cgn-over-port-restricted-cone |
      | port-restricted-cone          | full-cone                     |
      | port-restricted-cone          | restricted-cone               |
      | port-restricted-cone          | port-restricted-cone          |
      | port-restricted-cone          | symmetric                     |
      | port-restricted-cone          | linux-masquerade              |
      | port-restricted-cone          | cgn-over-port-restricted-cone |
      | symmetric                     | full-cone                     |
      | symmetric                     | restricted-cone               |
      | symmetric                     | port-restricted-cone          |
      | symmetric                     | symmetric                     |
      | symmetric                     | linux-masquerade              |
      | symmetric                     | cgn-over-port-restricted-cone |
      | linux-masquerade              | full-cone                     |
      | linux-masquerade              | restricted-cone               |
      | linux-masquerade              | port-restricted-cone          |
      | linux-masquerade              | symmetric                     |
      | linux-masquerade              | linux-masquerade              |
      | linux-masquerade              | cgn-over-port-restricted-cone |
      | cgn-over-port-restricted-cone | full-cone                     |
      | cgn-over-port-restricted-cone | restricted-cone               |
      | cgn-over-port-restricted-cone | port-restricted-cone          |
      | cgn-over-port-restricted-cone | symmetric                     |
      | cgn-over-port-restricted-cone | linux-masquerade              |
      | cgn-over-port-restricted-cone | cgn-over-port-restricted-cone |

@epic:RFC6544 @feature:RFC6544-tcp-nat-matrix
Feature: ICE over TCP across the NAT matrix, derived from RFC 5382 reasoning
  With UDP off, each agent offers TCP candidates only: an active, a passive and a simultaneous-open (S-O) host
  candidate per base, and a server-reflexive S-O candidate learnt with a Binding over TCP from the base's own port.
  Any NAT lets an outbound connection out, but no NAT lets an unsolicited SYN in (RFC 5382 REQ-4: dropped, or
  refused with a RST after 6 s by the linux-masquerade profile). So an agent on a public address is reachable by a
  peer behind any NAT, whose active candidate connects out and is learnt as a peer-reflexive active candidate
  (RFC 6544 §7.2.1). Behind two NATs with endpoint-independent mapping, both agents open toward each other's
  server-reflexive S-O address from their S-O port: each SYN leaves through the mapping the Binding made, the
  first may be dropped at the far NAT, and once both have gone out the retransmitted ones cross and TCP's
  simultaneous open joins them (RFC 6544 §7.1). A symmetric NAT maps the connection to the peer anew, so its
  server-reflexive address is of no use there and those cells fail.

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

  @req:RFC6544-4.1-so @req:RFC6544-6.2 @req:RFC6544-7.1-so
  Scenario Outline: alice <alice>, bob <bob>: connected by a simultaneous open between their reflexive addresses
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE over TCP only
    Then alice and bob connect within 20 s
    And alice's selected TCP pair is host so to srflx so
    And bob's selected TCP pair is host so to srflx so
    When alice sends "simultaneously open" to bob
    Then bob receives "simultaneously open"

    Examples:
      | alice                         | bob                           |
      | full-cone                     | full-cone                     |
      | full-cone                     | restricted-cone               |
      | full-cone                     | port-restricted-cone          |
      | full-cone                     | linux-masquerade              |
      | full-cone                     | cgn-over-port-restricted-cone |
      | restricted-cone               | full-cone                     |
      | restricted-cone               | restricted-cone               |
      | restricted-cone               | port-restricted-cone          |
      | restricted-cone               | linux-masquerade              |
      | restricted-cone               | cgn-over-port-restricted-cone |
      | port-restricted-cone          | full-cone                     |
      | port-restricted-cone          | restricted-cone               |
      | port-restricted-cone          | port-restricted-cone          |
      | port-restricted-cone          | linux-masquerade              |
      | port-restricted-cone          | cgn-over-port-restricted-cone |
      | linux-masquerade              | full-cone                     |
      | linux-masquerade              | restricted-cone               |
      | linux-masquerade              | port-restricted-cone          |
      | linux-masquerade              | linux-masquerade              |
      | linux-masquerade              | cgn-over-port-restricted-cone |
      | cgn-over-port-restricted-cone | full-cone                     |
      | cgn-over-port-restricted-cone | restricted-cone               |
      | cgn-over-port-restricted-cone | port-restricted-cone          |
      | cgn-over-port-restricted-cone | linux-masquerade              |
      | cgn-over-port-restricted-cone | cgn-over-port-restricted-cone |

  Scenario Outline: alice <alice>, bob <bob>: no TCP pair can connect, both fail cleanly
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE over TCP only
    Then ICE fails for alice and bob within 120 s

    Examples:
      | alice                         | bob                           |
      | full-cone                     | symmetric                     |
      | restricted-cone               | symmetric                     |
      | port-restricted-cone          | symmetric                     |
      | symmetric                     | full-cone                     |
      | symmetric                     | restricted-cone               |
      | symmetric                     | port-restricted-cone          |
      | symmetric                     | symmetric                     |
      | symmetric                     | linux-masquerade              |
      | symmetric                     | cgn-over-port-restricted-cone |
      | linux-masquerade              | symmetric                     |
      | cgn-over-port-restricted-cone | symmetric                     |

@epic:RFC8445 @feature:impairments
Feature: ICE under loss, delay, conflicts, vanishing peers and NAT renumbering

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC8445-14.3 @req:RFC8489-6.2.1
  Scenario Outline: <loss>% loss on both links still connects
    Given alice's link has <loss>% loss
    And bob's link has <loss>% loss
    And alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 60 s

    Examples:
      | loss |
      | 0    |
      | 5    |
      | 10   |
      | 20   |

  @req:RFC8445-14.3
  Scenario Outline: <latency> ms each way with <jitter> ms jitter connects
    Given alice's link has <latency> ms latency and <jitter> ms jitter
    And bob's link has <latency> ms latency and <jitter> ms jitter
    And alice behind "full-cone" NAT
    And bob behind "restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 60 s

    Examples:
      | latency | jitter |
      | 10      | 0      |
      | 75      | 25     |
      | 150     | 50     |

  @req:RFC8445-7.3.1.1 @req:RFC8445-7.2.5.1 @req:RFC8445-7.2.5.1-4 @req:RFC8445-7.2.5.1-3 @req:RFC8445-6.1.1-6
  Scenario Outline: both <role>: the conflict is resolved by the tie-breaker
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    When alice and bob run ICE both as <role>
    Then alice and bob connect within 30 s
    And alice and bob end with different roles
    And at least one 487 Role Conflict went over the wire
    And every 487 on the wire follows the tie-breakers and the loser draws a new tie-breaker
    And every check answered 487 was sent again on its pair with the other role within 100 ms

    Examples:
      | role        |
      | controlling |
      | controlled  |

  Scenario: without NATs, few checks before the first success
    Given alice behind "no" NAT
    And bob behind "no" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice sent no more than 3 checks before the first success

  @req:RFC8445-6.1.4.2 @req:RFC8445-14.2-1
  Scenario: checks are paced: with many pairs to check, a new check starts at most every Ta (50 ms)
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE with two components
    Then alice and bob connect within 10 s
    And alice's checks started at least 50 ms apart, 4 or more of them
    And bob's checks started at least 50 ms apart, 4 or more of them
    And the smallest gap between alice's first checks is 50 ms

  @req:RFC8445-8.1.2 @req:RFC8445-8.1.2-2 @req:RFC8445-8.1.1-3 @req:RFC8445-11-12 @req:RFC8445-8.3.1-1
  Scenario: once a pair is nominated, the other pairs' checks stop: cancelled, not retransmitted
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And after its pair was selected, alice sent no check on another pair
    And after its pair was selected, bob sent no check on another pair
    And bob answered every check that reached it after its pair was selected
    And alice nominated one pair only

  @req:RFC8445-7.3.1.4-1
  Scenario: a check arriving on a pair whose own check is in progress: that check is cancelled and a new one sent
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice met every check on a pair it was checking with a new check on that pair

  @req:RFC7675-5.1-2 @req:RFC7675-5.1-8 @req:RFC7675-5.1-12
  Scenario: the peer vanishes: consent is lost within 30 s and nothing more is sent
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    When bob vanishes
    Then alice loses consent within 31 s
    And no packet left alice's NAT after alice lost consent

  @req:RFC7675-5.1-2 @req:RFC8445-9 @req:RFC8445-9-3 @req:RFC8445-6.1.1-4
  Scenario: bob's NAT renumbers: consent is lost, then an ICE restart recovers
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    When bob's NAT changes its external address to "203.0.113.21"
    Then alice loses consent within 31 s
    When alice restarts ICE
    Then alice and bob are connected again within 30 s
    And alice is still controlling
    And bob is still controlled

  @req:RFC8445-8.1.1 @req:RFC8445-7.1.1 @req:RFC8445-7.2.2 @req:RFC8445-7.3.1.2 @req:RFC8445-5.3 @req:RFC8445-7.3-4 @req:RFC8445-7.3-7 @req:RFC8445-7.2.4-1 @req:RFC8445-7-1 @req:RFC8445-9-1 @req:RFC8445-7.1.1-prflx @req:RFC8445-7.3.1.5 @req:RFC8489-6 @req:RFC8445-12.1 @req:RFC8445-12.2 @req:RFC8445-7.1.2-2 @req:RFC8445-7.1.3-1 @req:RFC8445-7.1.3-2 @req:RFC8445-7.3-8 @req:RFC8445-16.1-1 @req:RFC8445-16.1-2 @req:RFC8445-5.1.2-1 @req:RFC8445-5.1.2.1-3 @req:RFC8445-5.1.2.1-5 @req:RFC8445-5.1.2.1-7
  Scenario Outline: <nomination> nomination connects and carries data
    Given alice behind "restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE with <nomination> nomination
    Then alice and bob connect within 10 s
    And every connectivity check on the wire carries PRIORITY, USERNAME, one role attribute, MESSAGE-INTEGRITY and FINGERPRINT
    And every connectivity check and its answer on the wire are signed with the receiver's password
    And every agent's ufrag has at least 4 and its password at least 22 ice-chars
    And every connectivity check's USERNAME is the receiver's ufrag, a colon and the sender's ufrag
    And every connectivity check and its answer on the wire is RFC 8489 STUN, with no redirect and no RFC 3489 form
    And every check that reached bob was answered within 50 ms
    And every check alice sent carries the priority of a peer-reflexive candidate of its base
    And bob's selected pair is one a USE-CANDIDATE check arrived on
    And no two different requests on the wire share a transaction id
    And no check bob sent carries USE-CANDIDATE
    And every check alice sent carries ICE-CONTROLLING
    And every check bob sent carries ICE-CONTROLLED
    And every answer to a connectivity check on the wire carries FINGERPRINT
    And every check alice sent carries the same tie-breaker
    And every check bob sent carries the same tie-breaker
    And every check alice sent names the same USERNAME
    And alice's candidates have unique, well-formed priorities
    When alice sends "hello" to bob
    Then bob receives "hello"

    Examples:
      | nomination |
      | regular    |
      | aggressive |

  @req:RFC8445-8.1.1 @req:RFC8445-7.3.1.3
  Scenario Outline: aggressive nomination with alice <alice> and bob <bob>
    Given alice behind "<alice>" NAT
    And bob behind "<bob>" NAT
    When alice and bob run ICE with aggressive nomination
    Then alice and bob connect within 10 s
    And every FINGERPRINT on the wire is valid

    Examples:
      | alice                | bob                           |
      | symmetric            | full-cone                     |
      | full-cone            | symmetric                     |
      | restricted-cone      | cgn-over-port-restricted-cone |

  @req:RFC8838-11
  Scenario Outline: trickle: bob's server-reflexive candidate reaches alice <late> s late
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    And bob's server-reflexive candidates are signalled <late> s late
    When alice and bob run ICE
    Then alice and bob connect within 30 s
    And alice's selected pair is srflx to srflx

    Examples:
      | late |
      | 0    |
      | 2    |
      | 5    |

  @req:RFC8445-8.1.1 @req:RFC8445-8.2 @req:RFC8445-6.1.1 @req:RFC8445-5.2-1 @req:RFC8445-5.2-5 @req:RFC8445-5.2-6
  @req:RFC8445-5.2-7 @req:RFC8445-5.2-8 @req:RFC8445-5.2-9
  Scenario Outline: bob is an ICE-lite agent behind <nat>: alice controls and nominates, bob only answers
    Given alice behind "<nat>" NAT
    And bob behind "no" NAT
    When alice and bob run ICE with bob as an ICE-lite agent
    Then alice and bob connect within 10 s
    And bob sent no connectivity checks
    And bob has one host candidate per address and component, with type preference 126 and local preference 65535
    And bob's candidates share a foundation exactly when type, base address and transport match
    And bob's candidates have unique, well-formed priorities
    And bob's checklist never failed
    When bob sends "from the lite side" to alice
    Then alice receives "from the lite side"

    Examples:
      | nat                  |
      | no                   |
      | port-restricted-cone |
      | symmetric            |

  @req:RFC8445-6.1.2 @req:RFC8445-8.1.2-completed @req:RFC8445-6.1.2.2 @req:RFC8445-5.1.1.3 @req:RFC8445-6.1.2.6 @req:RFC8445-7.2.5.3.3 @req:RFC8445-6.1.2.4 @req:RFC8445-7.3-1
  Scenario: two components (RTP and RTCP) each get a selected pair
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    When alice and bob run ICE with two components
    Then alice and bob connect within 10 s
    And alice's component 1 has a selected pair
    And alice's component 2 has a selected pair
    And every check that reached alice was answered within 50 ms
    And every check that reached bob was answered within 50 ms
    And every pair alice formed joins candidates of one component and one address family
    And every pair alice formed started Waiting unless its foundation was already being checked
    And no pair alice formed stayed Frozen after a pair of its foundation succeeded
    And no pair alice formed has a reflexive local candidate
    And alice's candidates share a foundation exactly when type, base address and transport match

  @req:RFC8838-14-1 @req:RFC8838-13-4 @req:RFC8838-13-6 @req:RFC8838-13-7 @req:RFC7675-5.1-1
  Scenario: trickle ends: nothing gathered after end-of-candidates or selection, a late candidate is ignored, no data before consent
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice's agent refuses to send data before a pair is selected
    When alice gets a host candidate "10.9.9.9:9999" of bob at 400 ms, after its end-of-candidates
    Then alice formed no pair with "10.9.9.9:9999"
    And alice and bob connect within 10 s
    And alice gathered no candidate after its gathering completed or its pair was selected
    And bob gathered no candidate after its gathering completed or its pair was selected

  @req:RFC8838-8-1
  Scenario: trickle: the checklist waits for end-of-candidates after every host pair has failed
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    And bob's server-reflexive candidates are signalled 60 s late
    When alice and bob run ICE
    Then alice and bob connect within 90 s
    And alice's selected pair is srflx to srflx
    And alice's checklist never failed

  @req:RFC8445-5.1.2 @req:RFC8445-5.1.2.2 @req:RFC8445-5.1.1.1-2 @req:RFC8445-5.1.1.1-3
  Scenario: candidate priorities follow the RFC 8445 formula for both components
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    When alice and bob run ICE with two components
    Then alice and bob connect within 10 s
    And alice's host candidate for component 1 has priority 2130706431
    And alice's host candidate for component 2 has priority 2130706430
    And alice's srflx candidate for component 1 has priority 1694498815
    And alice's srflx candidate for component 2 has priority 1694498814

  @req:RFC8445-5.1.3
  Scenario: without a NAT the server-reflexive candidate equals the host one and is not kept
    Given alice behind "no" NAT
    And bob behind "full-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice gathered 1 host candidate
    And alice gathered 0 srflx candidates
    And bob gathered 1 srflx candidate

  @req:RFC7675-5.1-3 @req:RFC7675-5.1-4 @req:RFC7675-5.1-5 @req:RFC7675-5.1-6
  Scenario: on a quiet connection, consent checks go out every 4-6 s, each a new transaction
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    When the simulation runs for 60 s
    Then alice's consent checks went out every 4 to 6 s, each a new transaction

  @req:RFC8445-11 @req:RFC8445-11-10 @req:RFC8445-11-11 @req:RFC8445-11-8 @req:RFC8445-11-2 @req:RFC8445-11-7
  Scenario: without consent freshness, keepalives (Binding indications) go out every 15 s on a quiet pair
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE without consent freshness
    Then alice and bob connect within 10 s
    When the simulation runs for 150 s
    Then alice sent a keepalive on the selected pair every 15 s
    And every keepalive alice sent carries FINGERPRINT and nothing else
    And alice's NAT holds 1 mapping
    When alice closes ICE
    Then nothing left alice's NAT in the 60 s after alice closed ICE
    And alice sends nothing to any address in the next 60 s

  @req:RFC8445-9-media @req:RFC8445-9
  Scenario: data sent the moment alice restarts ICE still arrives, over the previously selected pair
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    When alice restarts ICE
    And alice sends "during the restart" to bob
    Then bob receives "during the restart"
    And alice and bob are connected again within 10 s

  @req:RFC8838-5 @req:RFC8838-11 @req:RFC8838-8-1 @req:RFC8445-7.3-5 @req:RFC8445-7.3-6 @req:RFC8445-5.3-3
  Scenario: trickle: bob signals no candidate at first, all of them 2 s later; alice waits, answers his checks at once, and connects
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    And bob's host candidates are signalled 2 s late
    And bob's server-reflexive candidates are signalled 2 s late
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice's checklist never failed
    And every check that reached alice was answered within 50 ms

  @req:RFC8838-11-dup
  Scenario: every candidate of bob arrives twice: the duplicates change nothing
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    And bob's candidates are each signalled twice
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And no pair alice formed was formed again
    And alice's checklist never failed

  @req:RFC8445-5.2-4 @req:RFC8445-5.2-7
  Scenario: an ICE-lite agent without RTCP multiplexing gathers for RTCP too, and both components connect
    Given alice behind "port-restricted-cone" NAT
    And bob behind "no" NAT
    When alice and bob run ICE with bob as an ICE-lite agent and two components
    Then alice and bob connect within 10 s
    And bob gathered a candidate for each of 2 components
    And bob's component 2 has a selected pair
    And bob's candidates have unique, well-formed priorities

  @req:RFC7675-5.1-13
  Scenario: bob stops receiving: alice loses consent, then answers none of bob's checks on that pair
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    And bob's consent expires 60 s after its last success
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    When bob stops receiving
    Then alice loses consent within 31 s
    When the simulation runs for 20 s
    Then alice answered no check on its old pair after it lost consent, though checks kept arriving

  @req:RFC8445-12.1.1-1
  Scenario: an ICE-lite agent with a pair for component 1 but none for component 2 sends no data at all
    Given checklists are limited to 1 pairs
    And alice behind "no" NAT
    And bob behind "no" NAT
    When alice and bob run ICE with bob as an ICE-lite agent and two components
    And the simulation runs for 5 s
    Then bob's agent refuses to send data on component 1 while component 2 has no pair

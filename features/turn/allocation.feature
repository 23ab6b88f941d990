@epic:RFC8656 @feature:RFC8656-allocations
Feature: TURN allocations against icelab's server in the simulator

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for user "ice" with password "relay-pass"

  @req:RFC8656-7.2 @req:RFC8489-9.2.4
  Scenario Outline: behind <nat>, an allocation after the 401 round
    Given alice behind "<nat>" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    Then the allocation succeeds with a relayed address on the TURN server

    Examples:
      | nat                           |
      | no                            |
      | port-restricted-cone          |
      | symmetric                     |
      | cgn-over-port-restricted-cone |

  @req:RFC8489-9.2.4
  Scenario: a wrong password is refused with 401
    Given alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "wrong"
    Then the allocation fails with 401

  @req:RFC8656-21.1
  Scenario Outline: a permission for <peer> is refused: 403
    Given alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice asks for a permission for "<peer>"
    Then the permission is refused with 403

    Examples:
      | peer         |
      | 127.0.0.1:9  |
      | 10.1.2.3:9   |
      | 192.168.0.9:9 |
      | 100.64.9.9:9 |

  @req:RFC8656-9
  Scenario: a permission for a public peer is granted
    Given alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice asks for a permission for "198.51.100.99:7000"
    Then the permission is granted

  @req:RFC8656-12.2
  Scenario: a channel binding
    Given alice behind "symmetric" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice binds a channel to "198.51.100.99:7000"
    Then channel 16384 is bound

  @req:RFC8656-7.3
  Scenario: the client refreshes by itself for an hour
    Given alice behind "port-restricted-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice keeps the allocation for 3600 s
    Then the allocation is still alive

  @req:RFC8656-7.3-nat
  Scenario Outline: behind "<nat>" NAT an idle client keeps its NAT binding to the server open for 30 minutes
    Given alice behind "<nat>" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice asks for a permission for "192.0.2.77:4000"
    And alice keeps the allocation for 1800 s
    Then the allocation is still alive
    And no permission refresh was refused

    Examples:
      | nat                           |
      | no                            |
      | full-cone                     |
      | restricted-cone               |
      | port-restricted-cone          |
      | symmetric                     |
      | linux-masquerade              |
      | cgn                           |
      | cgn-over-port-restricted-cone |

  @req:RFC8656-7.3
  Scenario: the server expires an allocation its client stopped refreshing
    Given alice behind "no" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice goes silent
    Then the TURN server deletes the allocation 600 s after it was made

  @req:RFC8445-5.1.1.2 @req:RFC8656-12 @req:RFC8489-6.2-1 @req:RFC8656-12-2 @req:RFC8656-12-3
  Scenario Outline: a relay-only policy behind <nat> selects relayed candidates and carries data
    Given alice behind "<nat>" NAT
    And bob behind "<nat>" NAT
    When alice and bob run ICE with a relay-only policy
    Then alice and bob connect within 10 s
    And alice's selected pair is relay to relay
    When alice sends "relayed" to bob
    Then bob receives "relayed"
    And no client had more than 10 transactions open to one server
    And every STUN message on the wire pads with zeros and sets no reserved bit
    And no ChannelBind alice sent rebinds a number or a peer differently

    Examples:
      | nat                           |
      | no                            |
      | full-cone                     |
      | restricted-cone               |
      | port-restricted-cone          |
      | symmetric                     |
      | cgn-over-port-restricted-cone |

  @req:RFC8445-9 @req:RFC8656-7.2-437
  Scenario: an ICE restart reuses the live TURN allocations: the relayed candidates come back, none is made twice
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE with a relay-only policy
    Then alice and bob connect within 10 s
    When alice restarts ICE
    Then alice selects a relay to relay pair after the restart within 20 s
    And the TURN server holds 2 allocations
    When the simulation runs for 700 s
    Then the TURN server holds 2 allocations
    When alice closes ICE
    And the simulation runs for 5 s
    Then the TURN server holds 1 allocation

  @req:RFC8489-10 @req:RFC8656-7.2 @req:RFC8489-10-1 @req:RFC8489-10-4 @req:RFC8489-14.8-6 @req:RFC8489-14.8-7
  Scenario: 300 Try Alternate: the client follows the signed redirect once, with the same credentials, and allocates there
    Given alice behind "port-restricted-cone" NAT
    And a TURN server at "192.0.2.11" for user "ice" with password "relay-pass" that redirects to the TURN server
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    Then the wire carries an error 300 answer
    And the allocation succeeds with a relayed address on the TURN server
    And every 300 answer on the wire answers a signed request
    And every 300 answer on the wire carries MESSAGE-INTEGRITY-SHA256
    And every 300 answer on the wire carries an ALTERNATE-SERVER of its destination's family
    And every signed Allocate request alice sent names the user "ice"

  @req:RFC8489-14.8-7
  Scenario: a 300 without integrity is not followed: the redirect could be forged
    Given alice behind "port-restricted-cone" NAT
    And a server at "192.0.2.11" that redirects to the TURN server without integrity
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    Then the allocation fails with 300
    And no Allocate request reached the TURN server

  @req:RFC8656-5-7 @req:RFC8489-9.2.3.2-1 @req:RFC8489-9.2.3.2-2 @req:RFC8489-9.2.5-19 @req:RFC8489-6.2-1
  Scenario: an hour of refreshes: one 401 only, every Allocate and Refresh with SOFTWARE, signed with SHA-256 after the first
    Given alice behind "port-restricted-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice keeps the allocation for 3600 s
    Then the allocation is still alive
    And alice met 1 401 answer
    And every Allocate request alice sent carries SOFTWARE
    And every Refresh request alice sent carries SOFTWARE
    And every Refresh request alice sent carries USERNAME, REALM, NONCE, PASSWORD-ALGORITHM and MESSAGE-INTEGRITY-SHA256
    And every Refresh request alice sent carries no MESSAGE-INTEGRITY
    And no client had more than 10 transactions open to one server

  @req:RFC8656-5-3
  Scenario: the server's nonce expires within the hour: a refresh meets 438 and goes on with the new nonce
    Given alice behind "port-restricted-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice keeps the allocation for 3600 s
    Then the allocation is still alive
    And the wire carries an error 438 answer
    And no NONCE on the wire went to two different addresses

  @req:RFC8656-8-2
  Scenario: a client done with its allocation deletes it at once
    Given alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice is done with the allocation
    Then the TURN server holds 0 allocations
    And alice sent no Refresh request in the next 900 s

  @req:RFC8656-5-6
  Scenario: after its NAT moves it, the client's next request meets 437 and it takes the allocation as gone
    Given alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    And alice's NAT changes its external address to "203.0.113.77"
    And alice asks for a permission for "198.51.100.99:7000"
    Then alice's TURN client reports the allocation lost
    And alice sent no Refresh request in the next 900 s

  @req:RFC8656-7.4-3 @req:RFC8656-7.4-4
  Scenario: after a final 401 the client reports it and asks that server nothing more
    Given alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "wrong"
    Then the allocation fails with 401
    And alice sent no Allocate request in the next 300 s

  @req:RFC8445-7.2.1-4 @req:RFC8445-5.1.1.4-1
  Scenario: over a relay, permissions and allocations are kept alive for as long as ICE runs: data after 15 minutes
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE with a relay-only policy
    Then alice and bob connect within 10 s
    When the simulation runs for 900 s
    And alice sends "after a quarter of an hour" to bob
    Then bob receives "after a quarter of an hour"

  @req:RFC8445-5.1.2.2-3 @req:RFC8445-5.1.1.2-4 @req:RFC8445-5.1.2-1
  Scenario: with two TURN servers, a relayed candidate from each, with distinct local preferences
    Given a second TURN server at "192.0.2.12" for user "ice" with password "relay-pass"
    And alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE with two components
    Then alice and bob connect within 10 s
    And alice gathered a relayed candidate on each of 2 TURN servers, with distinct priorities
    And alice gathered 2 srflx candidates
    And alice's candidates have unique, well-formed priorities

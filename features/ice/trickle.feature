@epic:RFC8838 @feature:RFC8838-trickle
Feature: trickle ICE: candidates as they come, end-of-candidates, and a peer that does not trickle (RFC 8838)
  The agents report each candidate the moment they have it; the simulated signalling carries it to the
  peer 50 ms later, and carries end-of-candidates once the agent reports its gathering complete.

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC8838-10 @req:RFC8838-13-2 @req:RFC8838-13-3 @req:RFC8838-10-1
  Scenario: both agents report each candidate as it is gathered, then end-of-candidates; no pair before its candidate
    Given alice behind "port-restricted-cone" NAT
    And bob behind "restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice's agent reported each candidate as it was gathered, then end-of-candidates
    And bob's agent reported each candidate as it was gathered, then end-of-candidates
    And every pair alice formed has a local candidate alice had reported before
    And every pair bob formed has a local candidate bob had reported before

  @req:RFC8838-3-2 @req:RFC8838-5-1
  Scenario Outline: <who> does not trickle: the other takes the batch as regular ICE and they connect
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    And <who> does not trickle
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice's checklist never failed
    And bob's checklist never failed

    Examples:
      | who   |
      | bob   |
      | alice |

  @req:RFC8838-17-1
  Scenario: with two components, no candidate of component 2 is reported before one of component 1
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    When alice and bob run ICE with two components
    Then alice and bob connect within 10 s
    And alice reported no candidate of a component before one of the components below it
    And bob reported no candidate of a component before one of the components below it

  @req:RFC8445-5.1.1.1 @req:RFC8445-5.1.1.1-1 @req:RFC8445-5.1.1.1-4 @req:RFC8445-5.1.1.1-5
  Scenario: offered loopback, link-local, site-local and IPv4-compatible addresses, the agent gathers on its own address only
    Given alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    And alice's agent is also offered the bases "127.0.0.1, fe80::1, fec0::1, ::198.51.100.77"
    When alice and bob run ICE with two components
    Then alice and bob connect within 10 s
    And alice gathered no host candidate on "127.0.0.1, fe80::1, fec0::1, ::198.51.100.77"
    And alice gathered a host candidate on its own address in every component

  @req:RFC8445-6.1.2.5 @req:RFC8445-6.1.2.5-1 @req:RFC8445-6.1.2.5-2 @req:RFC8445-19.5.1-1 @req:RFC8838-11-3
  Scenario: a checklist limited to 2 pairs: the failed host pairs make room for bob's late server-reflexive ones
    Given checklists are limited to 2 pairs
    And alice behind "port-restricted-cone" NAT
    And bob behind "full-cone" NAT
    And bob's server-reflexive candidates are signalled 45 s late
    When alice and bob run ICE with two components
    Then alice and bob connect within 60 s
    And alice's checklist never held more than 2 pairs, dropping some to stay within
    And every pair alice dropped for room was a Failed one, or else the lowest-priority one still to check

  @req:RFC8838-11-4 @req:RFC8445-6.1.2.3 @req:RFC8445-12.1-3
  Scenario: a checklist limited to 1 pair: with nothing Failed, the lower-priority pair (component 2) gives way
    Given checklists are limited to 1 pairs
    And alice behind "no" NAT
    And bob behind "no" NAT
    When alice and bob run ICE with two components
    And the simulation runs for 5 s
    Then alice's component 1 has a selected pair
    And alice's checklist never held more than 1 pairs, dropping some to stay within
    And every pair alice dropped for room had the RFC 8445 pair priority and the lowest of those still to check
    And alice's agent refuses to send data on component 1 once component 2 has failed

  @req:RFC8445-14.3-1
  Scenario: a gathering request the STUN server never answers is retransmitted from an RTO of 500 ms, doubling
    Given alice behind "no" NAT
    And bob behind "no" NAT
    And the STUN server never hears from alice
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    When the simulation runs for 10 s
    Then alice's first gathering requests to the STUN server went out at "0, 0.5, 1.5, 3.5, 7.5" s

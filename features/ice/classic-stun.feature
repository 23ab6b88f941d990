@epic:RFC8445 @feature:RFC8445-5.1.1.2
Feature: gathering against an RFC 3489 STUN server (RFC 8445 §5.1.1.2)
  An old server answers with MAPPED-ADDRESS only; the agent still learns its server-reflexive candidate.

  Background:
    Given the internet with an RFC 3489 STUN server

  @req:RFC8445-5.1.1.2-5
  Scenario: the server-reflexive candidate comes from MAPPED-ADDRESS, and it is what connects
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And alice gathered 1 srflx candidate
    And alice's selected pair is srflx to srflx

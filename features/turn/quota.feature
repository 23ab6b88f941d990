@epic:RFC8656 @feature:RFC8656-allocations
Feature: TURN server quotas

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC8656-7.2-quota @req:RFC8489-9.2.4-5
  Scenario: the per-user quota refuses a second allocation with 486; each source got a nonce of its own
    Given alice behind "full-cone" NAT
    And a TURN server on the internet for user "solo" with password "pw" allowing 1 allocation per user
    When alice allocates on the TURN server as "solo" with password "pw"
    And alice allocates again from another port as "solo" with password "pw"
    Then the allocation fails with 486
    And no NONCE on the wire went to two different addresses

@epic:RFC8489 @feature:RFC8489-10
Feature: redirection loops between TURN servers (RFC 8489 §10)
  Two servers, each sending the client to the other with 300 Try Alternate.

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC8489-10-8
  Scenario: two servers redirecting to each other: the client follows once and then gives up, no ping-pong
    Given alice behind "port-restricted-cone" NAT
    And a TURN server on the internet for user "ice" with password "relay-pass" that redirects to "192.0.2.11"
    And a TURN server at "192.0.2.11" for user "ice" with password "relay-pass" that redirects to the TURN server
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    Then the allocation fails with 300
    And alice sent no Allocate request in the next 300 s

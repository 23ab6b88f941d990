@epic:RFC5780 @feature:RFC5780-5
Feature: NAT behaviour discovery against a server that answers 300 Try Alternate (RFC 5780 §5)
  The discovery client does not follow ALTERNATE-SERVER: the redirect could take it to a server whose
  answers mean nothing about this NAT.

  @req:RFC5780-5-6
  Scenario: discovery ignores ALTERNATE-SERVER: a redirecting server is not followed
    Given the internet with a STUN server that redirects to "192.0.2.2"
    And alice behind a NAT with "endpoint-independent" mapping and "endpoint-independent" filtering and hairpinning on
    When alice runs RFC 5780 NAT discovery
    Then no Binding request went to "192.0.2.2"

@epic:RFC5780 @feature:RFC5780-5
Feature: NAT behaviour discovery against a STUN server that does not do RFC 5780
  A basic STUN server sends no OTHER-ADDRESS; the client must cope: no CHANGE-REQUEST it would refuse,
  mapping and filtering reported unknown, hairpinning still tried.

  Background:
    Given the internet with a basic STUN server

  @req:RFC5780-5-3
  Scenario: without OTHER-ADDRESS the client sends no CHANGE-REQUEST and reports mapping and filtering unknown
    Given alice behind a NAT with "endpoint-independent" mapping and "address-dependent" filtering and hairpinning on
    When alice runs RFC 5780 NAT discovery
    Then alice is found behind a NAT whose mapping and filtering are unknown
    And alice's hairpinning is found "supported"
    And every Binding request alice sent carries no CHANGE-REQUEST


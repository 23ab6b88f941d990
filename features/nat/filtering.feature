@epic:RFC4787 @feature:RFC4787-filtering
Feature: RFC 4787 §5 filters by the internal endpoint; filtering per mapping (Linux conntrack) is an option

  RFC 4787 §5 admits a packet from Y to X:x's mapping when X:x has sent to Y, through any of its mappings.
  A NAT that keeps that history per mapping admits less: the two differ only where an endpoint holds
  several mappings (address- or address-and-port-dependent mapping).

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC4787-5-endpoint
  Scenario: address-dependent mapping and filtering: bob's checks to alice's server-reflexive candidate get in
    Given alice behind a NAT with "address-dependent" mapping and "address-dependent" filtering and hairpinning on
    And bob behind "full-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And the checks bob sent to alice's server-reflexive candidate reached alice
    And alice's selected pair is prflx to srflx

  @req:RFC4787-5-endpoint
  Scenario: the same NAT filtering per mapping: those checks are filtered (alice still connects, peer-reflexive)
    Given alice behind a NAT with "address-dependent" mapping and "address-dependent" filtering per mapping and hairpinning on
    And bob behind "full-cone" NAT
    When alice and bob run ICE
    Then alice and bob connect within 10 s
    And the checks bob sent to alice's server-reflexive candidate were filtered
    And alice's selected pair is prflx to srflx

  @req:RFC4787-5-endpoint @req:RFC5780-4.5
  Scenario Outline: address-dependent mapping and filtering with hairpinning, filtered per <scope>: hairpinning is found <seen>
    Given alice behind a NAT with "address-dependent" mapping and "address-dependent" <filtering> and hairpinning on
    When alice runs RFC 5780 NAT discovery
    Then alice's hairpinning is found "<seen>"

    Examples:
      | scope    | filtering             | seen          |
      | endpoint | filtering             | supported     |
      | mapping  | filtering per mapping | not-supported |

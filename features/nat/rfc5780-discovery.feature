@epic:RFC4787 @feature:RFC5780
Feature: RFC 5780 NAT behaviour discovery classifies every simulated NAT as configured

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC4787-4.1 @req:RFC4787-5 @req:RFC4787-6 @req:RFC5780-4.3 @req:RFC5780-4.4 @req:RFC5780-4.5 @req:RFC5780-5-4 @req:RFC5780-5-7
  Scenario Outline: <mapping> mapping, <filtering> filtering, hairpinning <hairpin>
    Given alice behind a NAT with "<mapping>" mapping and "<filtering>" filtering and hairpinning <hairpin>
    When alice runs RFC 5780 NAT discovery
    Then alice's NAT is found to have "<mapping>" mapping and "<filtering>" filtering
    And alice's hairpinning is found "<seen>"
    And every FINGERPRINT on the wire is valid
    And alice's discovery requests carry FINGERPRINT, at most ten a second

    Examples:
      | mapping                    | filtering                  | hairpin | seen          |
      | endpoint-independent       | endpoint-independent       | on      | supported     |
      | endpoint-independent       | endpoint-independent       | off     | not-supported |
      | endpoint-independent       | address-dependent          | on      | supported     |
      | endpoint-independent       | address-dependent          | off     | not-supported |
      | endpoint-independent       | address-and-port-dependent | on      | supported     |
      | endpoint-independent       | address-and-port-dependent | off     | not-supported |
      | address-dependent          | endpoint-independent       | on      | supported     |
      | address-dependent          | endpoint-independent       | off     | not-supported |
      | address-dependent          | address-dependent          | on      | supported     |
      | address-dependent          | address-dependent          | off     | not-supported |
      | address-dependent          | address-and-port-dependent | on      | not-supported |
      | address-dependent          | address-and-port-dependent | off     | not-supported |
      | address-and-port-dependent | endpoint-independent       | on      | supported     |
      | address-and-port-dependent | endpoint-independent       | off     | not-supported |
      | address-and-port-dependent | address-dependent          | on      | supported     |
      | address-and-port-dependent | address-dependent          | off     | not-supported |
      | address-and-port-dependent | address-and-port-dependent | on      | not-supported |
      | address-and-port-dependent | address-and-port-dependent | off     | not-supported |

  @req:RFC4787-6-source
  Scenario Outline: a hairpinned packet arrives from the sender's external address (<mapping> mapping)
    Given alice behind a NAT with "<mapping>" mapping and "endpoint-independent" filtering and hairpinning on
    When alice runs RFC 5780 NAT discovery
    Then alice's hairpinning is found "supported"
    And the hairpinned request reached alice from alice's mapped address

    Examples:
      | mapping              |
      | endpoint-independent |

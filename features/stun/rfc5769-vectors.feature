@epic:RFC8489 @feature:RFC5769
Feature: RFC 5769 test vectors
  The four sample messages of RFC 5769 decode, and their FINGERPRINT and MESSAGE-INTEGRITY verify.

  @req:RFC8489-14.7 @req:RFC8489-14.5
  Scenario Outline: sample <vector> verifies with a short-term credential
    Given the RFC 5769 test vector "<vector>"
    Then its FINGERPRINT is "valid"
    And its MESSAGE-INTEGRITY verifies with the short-term password "VOkJxbRl1RmTxUk/WvJxBt"

    Examples:
      | vector            |
      | 2.1 request       |
      | 2.2 IPv4 response |
      | 2.3 IPv6 response |

  @req:RFC8489-9.2.2
  Scenario: sample 2.4 verifies with a SASLprep'd long-term credential
    Given the RFC 5769 test vector "2.4 long-term request"
    Then its FINGERPRINT is "absent"
    And its MESSAGE-INTEGRITY verifies with the long-term credentials "マトリックス", "example.org", "The­MªtrⅨ"

  @req:RFC8489-14.1-2 @req:RFC8489-14.2
  Scenario Outline: sample <vector> carries the mapped address <address>: 32 bits for IPv4, 128 for IPv6, XORed
    Given the RFC 5769 test vector "<vector>"
    Then its XOR-MAPPED-ADDRESS reads "<address>"

    Examples:
      | vector            | address                                       |
      | 2.2 IPv4 response | 192.0.2.1:32853                               |
      | 2.3 IPv6 response | [2001:db8:1234:5678:11:2233:4455:6677]:32853  |

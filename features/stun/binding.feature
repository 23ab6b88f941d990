@epic:RFC8489 @feature:RFC8489-6
Feature: Binding requests through the simulated network

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC8489-14.2 @req:RFC4787-4.1 @req:RFC8489-6.3.1.1
  Scenario Outline: the mapped address is the NAT's external address, port preserved
    Given alice behind "<nat>" NAT
    When alice sends a Binding request to the STUN server
    Then alice learns the mapped address "<mapped>"
    And every FINGERPRINT on the wire is valid

    Examples:
      | nat                  | mapped             |
      | no                   | 198.51.100.10:5000 |
      | full-cone            | 203.0.113.10:5000  |
      | restricted-cone      | 203.0.113.10:5000  |
      | port-restricted-cone | 203.0.113.10:5000  |
      | linux-masquerade     | 203.0.113.10:5000  |

  @req:RFC8489-6.3.1
  Scenario Outline: an unknown comprehension-required attribute is answered 420
    Given alice behind "full-cone" NAT
    When alice sends a Binding request with the comprehension-required attribute <type>
    Then the answer is error 420

    Examples:
      | type  |
      | 32513 |
      | 32767 |

  @req:RFC5780-6.1
  Scenario: RESPONSE-PORT to a server without RFC 5780 is answered 420
    Given alice behind "no" NAT
    When alice sends a Binding request with a RESPONSE-PORT to a server without RFC 5780
    Then the answer is error 420

  @req:RFC8489-6.2.1
  Scenario: a silent server: seven transmissions on the RFC 8489 schedule, failure at 39.5 s
    Given alice behind "no" NAT
    When the STUN server is unreachable and alice sends a Binding request
    Then the request went out 7 times, at "0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5" s, and failed at 39.5 s

  @req:RFC8489-9.2.4 @req:RFC8489-9.2.5 @req:RFC8489-14.6
  Scenario: long-term credentials: 401, then an authenticated retry succeeds
    Given alice behind "port-restricted-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "s3cret"
    Then the answer is a success
    And the authenticated request and its answer carry MESSAGE-INTEGRITY-SHA256 for "alice", "icelab", "s3cret"

  @req:RFC8489-9.2.4 @req:RFC8489-9.2.5-once
  Scenario: long-term credentials: a wrong password ends in 401
    Given alice behind "port-restricted-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "nope"
    Then the answer is error 401
    And alice's request went out 2 times

  @req:RFC8489-6.3.1 @req:RFC8489-6.3.4-4xx
  Scenario: a method the server does not serve is answered 400
    Given alice behind "full-cone" NAT
    When alice sends an Allocate request to the STUN server
    Then the answer is error 400
    And alice's request went out 1 time

  @req:RFC8489-9.2.5 @req:RFC8489-9.2.4-stale
  Scenario: long-term credentials: a stale nonce is answered 438, and the retry with the new one succeeds
    Given alice behind "full-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" again 90 s later
    Then the answer is a success
    And the wire carries an error 438 answer

  @req:RFC8489-11
  Scenario: an RFC 3489 client (no magic cookie) is answered with MAPPED-ADDRESS
    Given alice behind "port-restricted-cone" NAT
    When alice sends "an RFC 3489 Binding request" to the STUN server
    Then the answer carries MAPPED-ADDRESS and no XOR-MAPPED-ADDRESS

  @req:RFC8489-6.3.2 @req:RFC8489-6.3.1
  Scenario: an unknown comprehension-required attribute: a request is answered 420, an indication is dropped
    Given alice behind "no" NAT
    When alice sends "a Binding request with the comprehension-required attribute 0x7F01" to the STUN server
    Then the answer to it is error 420
    When alice sends "a Binding indication with the comprehension-required attribute 0x7F01" to the STUN server
    Then the STUN server sends nothing back

  @req:RFC8489-7
  Scenario: a request whose FINGERPRINT does not match is not taken for STUN: no answer
    Given alice behind "no" NAT
    When alice sends "a Binding request with a FINGERPRINT" to the STUN server
    Then the answer to it is a success
    When alice sends "a Binding request with a wrong FINGERPRINT" to the STUN server
    Then the STUN server sends nothing back

  @req:RFC8489-9.1.3
  Scenario Outline: short-term credentials: <request> is answered <answer>
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the short-term credential "alice" with password "s3cret-s3cret-s3cret-22"
    When alice sends '<request>' to the short-term STUN server
    Then the answer to it is <answer>

    Examples:
      | request                                                                         | answer    |
      | a Binding request signed with USERNAME "alice" and password "s3cret-s3cret-s3cret-22" | a success |
      | a Binding request signed with USERNAME "alice" and password "wrong"             | error 401 |
      | a Binding request signed without USERNAME                                       | error 400 |
      | a Binding request with USERNAME "alice" and no MESSAGE-INTEGRITY                | error 400 |

  @req:RFC8489-9.1.3
  Scenario: short-term credentials: the answer is signed with the same password
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the short-term credential "alice" with password "s3cret-s3cret-s3cret-22"
    When alice sends 'a Binding request signed with USERNAME "alice" and password "s3cret-s3cret-s3cret-22"' to the short-term STUN server
    Then the answer to it is a success
    And the answer's MESSAGE-INTEGRITY verifies with the password "s3cret-s3cret-s3cret-22"

  @req:RFC8489-6.3.3
  Scenario: a success with an unknown comprehension-required attribute fails the transaction
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "an unknown comprehension-required attribute"
    When alice sends a Binding request to that server
    Then the transaction "fails: unknown attributes"
    And alice's request went out 1 time

  @req:RFC8489-6.3.4
  Scenario: answers that match no request are discarded: the client retransmits and times out
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "another transaction id"
    When alice sends a Binding request to that server
    Then the transaction "times out"
    And alice's request went out 7 times

  @req:RFC8489-9.1.4
  Scenario: a short-term answer whose MESSAGE-INTEGRITY does not verify is discarded, and the end says so
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "a wrong MESSAGE-INTEGRITY"
    When alice sends a Binding request with the short-term credential "alice", "s3cret-s3cret-s3cret-22" to that server
    Then the transaction "fails: integrity violated"
    And alice's request went out 7 times

  @req:RFC5780-6.1-1 @req:RFC5780-6.1-7 @req:RFC5780-6.1-8
  Scenario: an RFC 5780 server answers with MAPPED-ADDRESS beside XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS
    Given alice behind "no" NAT
    When alice sends "a Binding request with a FINGERPRINT" to the STUN server
    Then the answer carries MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS

  @req:RFC5780-6.1-9
  Scenario: PADDING in the request is answered with PADDING
    Given alice behind "no" NAT
    When alice sends "a Binding request with PADDING of 100 bytes" to the STUN server
    Then the answer carries PADDING

  @req:RFC5780-6.1-11 @req:RFC5780-7.5-2
  Scenario: RESPONSE-PORT together with PADDING is refused with 400, so the server cannot be made an amplifier
    Given alice behind "no" NAT
    When alice sends "a Binding request with PADDING and RESPONSE-PORT 6000" to the STUN server
    Then the answer to it is error 400

  @req:RFC5780-7.5-1
  Scenario: RESPONSE-PORT sends the answer to the request's source address at that port
    Given alice behind "no" NAT
    When alice sends "a Binding request with RESPONSE-PORT 6000" to the STUN server
    Then the STUN server answered alice at port 6000

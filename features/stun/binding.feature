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

  @req:RFC8489-9.2.4 @req:RFC8489-9.2.5 @req:RFC8489-14.6 @req:RFC8489-6.3.1.1-4
  Scenario: long-term credentials: 401, then an authenticated retry succeeds
    Given alice behind "port-restricted-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "s3cret"
    Then the answer is a success
    And the authenticated request and its answer carry MESSAGE-INTEGRITY-SHA256 for "alice", "icelab", "s3cret"

  @req:RFC8489-9.2.3.1-1 @req:RFC8489-9.2.3.2-2 @req:RFC8489-9.2.3.2-3 @req:RFC8489-9.2.5-19
  @req:RFC8489-9.2.5-8 @req:RFC8489-9.2.5-9 @req:RFC8489-9.2.4-8 @req:RFC8489-9.2-1 @req:RFC8489-9.2.4-6
  @req:RFC8489-6.1-3 @req:RFC8489-6.3.1.1-5
  Scenario: long-term credentials on the wire: an empty first request, a cookie in the nonce, an echo of the algorithms
    Given alice behind "port-restricted-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "s3cret"
    Then the answer is a success
    And the first Binding request alice sent carries no USERNAME, USERHASH, MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, REALM, NONCE, PASSWORD-ALGORITHMS or PASSWORD-ALGORITHM
    And every 401 answer on the wire carries REALM, NONCE and PASSWORD-ALGORITHMS
    And every 401 answer on the wire carries no USERNAME, USERHASH, MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256
    And every NONCE on the wire starts with the nonce cookie and the password algorithms bit
    And alice's Binding retry echoes the PASSWORD-ALGORITHMS of the 401 and picks SHA-256
    And every Binding request alice sent after the first carries USERNAME, REALM, NONCE, PASSWORD-ALGORITHM and MESSAGE-INTEGRITY-SHA256
    And every Binding request alice sent after the first carries no MESSAGE-INTEGRITY
    And every Binding request alice sent carries SOFTWARE
    And every Binding success on the wire carries SOFTWARE

  @req:RFC8489-9.2.4 @req:RFC8489-9.2.4-13 @req:RFC8489-9.2.4-14 @req:RFC8489-9.2.4-15 @req:RFC8489-9.2.4-16
  Scenario: long-term credentials: an unknown user is answered 401 with REALM, NONCE and PASSWORD-ALGORITHMS, and no USERNAME
    Given alice behind "full-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "mallory", "s3cret"
    Then the answer is error 401
    And alice's request went out 2 times
    And every 401 answer on the wire carries REALM, NONCE and PASSWORD-ALGORITHMS
    And every 401 answer on the wire carries no USERNAME or USERHASH

  @req:RFC8489-9.2.4 @req:RFC8489-9.2.5-once @req:RFC8489-9.2.4-19
  Scenario: long-term credentials: a wrong password ends in 401, which carries REALM and NONCE and nothing signed
    Given alice behind "port-restricted-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "nope"
    Then the answer is error 401
    And alice's request went out 2 times
    And every 401 answer on the wire carries REALM and NONCE
    And every 401 answer on the wire carries no USERNAME, USERHASH, MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256

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

  @req:RFC8489-9.2.4-21
  Scenario: long-term credentials: the 438 carries NONCE, REALM and PASSWORD-ALGORITHMS, and no USERNAME
    Given alice behind "full-cone" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" again 90 s later
    Then the answer is a success
    And every 438 answer on the wire carries NONCE, REALM and PASSWORD-ALGORITHMS
    And every 438 answer on the wire carries no USERNAME or USERHASH

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

  @req:RFC8489-9.1.3 @req:RFC8489-9.1.3-11 @req:RFC8489-9.1.3-12
  Scenario: short-term credentials: the answer is signed with the same password, the same algorithm, and names no user
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the short-term credential "alice" with password "s3cret-s3cret-s3cret-22"
    When alice sends 'a Binding request signed with USERNAME "alice" and password "s3cret-s3cret-s3cret-22"' to the short-term STUN server
    Then the answer to it is a success
    And the answer's MESSAGE-INTEGRITY verifies with the password "s3cret-s3cret-s3cret-22"
    And the answer to it carries no MESSAGE-INTEGRITY-SHA256 or USERNAME

  @req:RFC8489-9.1.3-10 @req:RFC8489-9.1.3-12
  Scenario: short-term credentials: a request signed with MESSAGE-INTEGRITY-SHA256 is answered with MESSAGE-INTEGRITY-SHA256
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the short-term credential "alice" with password "s3cret-s3cret-s3cret-22"
    When alice sends 'a Binding request signed with MESSAGE-INTEGRITY-SHA256 as USERNAME "alice" and password "s3cret-s3cret-s3cret-22"' to the short-term STUN server
    Then the answer to it is a success
    And the answer to it carries MESSAGE-INTEGRITY-SHA256
    And the answer to it carries no MESSAGE-INTEGRITY or USERNAME

  @req:RFC8489-9.1.3-13
  Scenario Outline: short-term credentials: the error for <request> carries nothing signed and no USERNAME
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the short-term credential "alice" with password "s3cret-s3cret-s3cret-22"
    When alice sends '<request>' to the short-term STUN server
    Then the answer to it is error <code>
    And the answer to it carries no MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or USERNAME

    Examples:
      | request                                                              | code |
      | a Binding request signed with USERNAME "alice" and password "wrong"  | 401  |
      | a Binding request with USERNAME "alice" and no MESSAGE-INTEGRITY     | 400  |

  @req:RFC8489-6.3-1 @req:RFC8489-6.3-2
  Scenario Outline: <request> is answered as if the attribute were not there
    Given alice behind "no" NAT
    When alice sends "<request>" to the STUN server
    Then the answer to it is a success
    And the answer to it carries XOR-MAPPED-ADDRESS

    Examples:
      | request                                                         |
      | a Binding request with the comprehension-optional attribute 0xC001 |
      | a Binding request with a LIFETIME                               |

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

  @req:RFC5780-6.1-1 @req:RFC5780-6.1-7 @req:RFC5780-6.1-8 @req:RFC5780-6.1-13
  Scenario: an RFC 5780 server answers with MAPPED-ADDRESS beside XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS, never ALTERNATE-SERVER
    Given alice behind "no" NAT
    When alice sends "a Binding request with a FINGERPRINT" to the STUN server
    Then the answer carries MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS
    And the answer to it carries no ALTERNATE-SERVER

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

  @req:RFC8489-6.3.4-2 @req:RFC8489-6.3.4-3
  Scenario: a 500 Server Error ends the transaction without a resend storm
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "error 500"
    When alice sends a Binding request to that server
    Then the transaction "fails: error 500"
    And alice's request went out 1 time

  @req:RFC8489-9.1.4-1
  Scenario: a short-term answer signed with the other algorithm is discarded, though its key is right
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "MESSAGE-INTEGRITY-SHA256 signed with s3cret-s3cret-s3cret-22"
    When alice sends a Binding request with the short-term credential "alice", "s3cret-s3cret-s3cret-22" to that server
    Then the transaction "fails: integrity violated"
    And alice's request went out 7 times

  @req:RFC8489-9.2.5-2 @req:RFC8489-9.2.5-1
  Scenario: a 401 whose nonce cookie claims password algorithms but lists none is not retried (bid-down)
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "a 401 whose nonce cookie claims password algorithms but lists none"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" to that server
    Then the transaction "fails: unauthorized"
    And alice's request went out 1 time

  @req:RFC8489-9.2.5-10
  Scenario: a 401 that lists no password algorithm the client knows is not retried
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "a 401 listing only an unknown password algorithm"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" to that server
    Then the transaction "fails: unauthorized"
    And alice's request went out 1 time

  @req:RFC8489-9.2.5-14
  Scenario: a success whose nonce cookie claims password algorithms but lists none is ignored
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "a success whose nonce cookie claims password algorithms but lists none"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" to that server
    Then the transaction "times out"
    And alice's request went out 7 times

  @req:RFC8489-9.2.5-15
  Scenario: an unsigned 400 to a signed request is discarded as if never received: the retransmissions go on
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "a 401, then an unsigned 400"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" to that server
    Then the transaction "times out"
    And alice's request went out 8 times

  @req:RFC8489-9.2.5-16 @req:RFC8489-9.2.5-17
  Scenario: long-term: answers whose MESSAGE-INTEGRITY does not verify are discarded, and the end says so
    Given alice behind "no" NAT
    And a STUN server on the internet that answers with "a 401, then a wrong MESSAGE-INTEGRITY"
    When alice sends a Binding request with long-term credentials "alice", "s3cret" to that server
    Then the transaction "fails: integrity violated"
    And alice's request went out 8 times

  @req:RFC8489-9.2.4-7 @req:RFC8489-9.2.5-5 @req:RFC8489-14.4-1 @req:RFC8489-14.4-2
  Scenario: a server offering username anonymity gets USERHASH, never USERNAME, and resolves it
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret" with anonymity security features
    When alice sends a Binding request with long-term credentials "alice", "s3cret"
    Then the answer is a success
    And every NONCE on the wire starts with the nonce cookie and the username anonymity bit
    And every Binding request alice sent after the first carries USERHASH
    And every Binding request alice sent carries no USERNAME
    And every USERHASH alice sent is SHA-256 of "alice:icelab"

  @req:RFC8489-9.2-2
  Scenario: an RFC 5389-style server (no security features) sends a cookie of zero bits; the client signs with MESSAGE-INTEGRITY
    Given alice behind "no" NAT
    And a STUN server on the internet requiring the long-term credentials "alice", "s3cret" with no security features
    When alice sends a Binding request with long-term credentials "alice", "s3cret"
    Then the answer is a success
    And every NONCE on the wire starts with the nonce cookie and no feature bit
    And every Binding request alice sent after the first carries MESSAGE-INTEGRITY
    And every Binding request alice sent after the first carries no MESSAGE-INTEGRITY-SHA256, PASSWORD-ALGORITHM or PASSWORD-ALGORITHMS

  @req:RFC5780-6.1-12
  Scenario: an RFC 5780 server that requires authentication signs its answers
    Given alice behind "no" NAT
    And an RFC 5780 STUN server on the internet requiring the short-term credential "alice" with password "s3cret-s3cret-s3cret-22"
    When alice sends 'a Binding request signed with USERNAME "alice" and password "s3cret-s3cret-s3cret-22"' to the RFC 5780 short-term STUN server
    Then the answer to it is a success
    And the answer to it carries MESSAGE-INTEGRITY, OTHER-ADDRESS and RESPONSE-ORIGIN
    And the answer's MESSAGE-INTEGRITY verifies with the password "s3cret-s3cret-s3cret-22"

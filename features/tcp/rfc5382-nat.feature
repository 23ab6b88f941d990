@epic:RFC5382 @feature:RFC5382-nat
Feature: RFC 5382: TCP through NATs, as the simulator's NAT profiles do it

  TCP goes through the same NAT profiles as UDP, with mappings of its own. A connection made from inside gets
  through every profile; one made from outside gets nowhere, and REQ-4 says when the NAT may say so; two hosts
  behind endpoint-independent NATs connect to each other by opening at the same time; and an idle mapping lives
  4 minutes while its connection is being opened or closed, 2 hours 4 minutes once it is established.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TCP server on the internet at "198.51.100.80:8080"

  @req:RFC5382-4.1 @req:RFC5382-4.2
  Scenario Outline: a connection from inside gets through "<profile>", and the answer comes back on it
    Given alice behind "<profile>" NAT
    When alice sends "hello" to the TCP server
    Then the TCP server received "hello" from alice's public address

    Examples:
      | profile              |
      | full-cone            |
      | restricted-cone      |
      | port-restricted-cone |
      | symmetric            |
      | linux-masquerade     |
      | cgn                  |
      | no                   |

  @req:RFC5382-4.2-simultaneous-open
  Scenario: two hosts behind port-restricted cones connect by opening towards each other at the same time
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice and bob open TCP connections to each other's public address at the same time
    Then alice received "from bob" over TCP
    And bob received "from alice" over TCP

  @req:RFC5382-4.3
  Scenario: an unsolicited SYN is dropped silently by a NAT that does not answer it
    Given alice behind "port-restricted-cone" NAT
    When the TCP server connects to alice's public address
    Then the TCP server's connect gets no answer

  @req:RFC5382-4.3
  Scenario: a NAT that answers unsolicited SYNs waits 6 seconds first (Linux masquerade)
    Given alice behind "linux-masquerade" NAT
    When the TCP server connects to alice's public address
    Then the TCP server's connect is refused 6 s after it reached alice's NAT

  @req:RFC5382-5-established
  Scenario: an established connection's mapping outlives two hours of silence
    Given alice behind "port-restricted-cone" NAT
    When alice sends "hello" to the TCP server
    And alice's connection is idle for 7400 s
    Then alice's NAT holds 1 TCP mapping
    When alice's connection is idle for 60 s
    Then alice's NAT holds 0 TCP mappings

  @req:RFC5382-5-transitory
  Scenario: the mapping of a connection never answered expires 4 minutes after its last SYN
    # alice's SYN goes at 0 s and again at 1, 3, 7, 15, 31 and 63 s; the mapping lives until 63 + 240 = 303 s
    Given alice behind "port-restricted-cone" NAT
    And bob behind "port-restricted-cone" NAT
    When alice sends "anyone?" over TCP to bob's public address
    And alice's connection is idle for 290 s
    Then alice's NAT holds 1 TCP mapping
    When alice's connection is idle for 10 s
    Then alice's NAT holds 0 TCP mappings

  @req:RFC5382-7.1
  Scenario: two hosts behind one NAT using the same local port reach the server from two external ports
    Given alice behind "port-restricted-cone" NAT
    And carol behind the same NAT as alice, on local port 5000
    When alice sends "from alice" to the TCP server
    And carol sends "from carol" to the TCP server
    Then the TCP server's connections from alice and carol came from different ports

  @req:RFC5382-7.2
  Scenario: two hosts behind one NAT connect through its external address (hairpinning)
    Given alice behind "port-restricted-cone" NAT
    And carol behind the same NAT as alice, on local port 6000
    When alice and carol open TCP connections to each other's public address at the same time
    Then carol received "from alice" over TCP from alice's public address
    And alice received "from carol" over TCP from carol's public address

  Scenario: a connection through a NAT over a link losing 30 % of its packets still delivers (retransmissions)
    Given alice's link has 30% loss
    And alice behind "port-restricted-cone" NAT
    When alice sends "hello through the loss" to the TCP server
    And alice's connection is idle for 60 s
    Then the TCP server received "hello through the loss" from alice's public address

  Scenario: a firewall that blocks UDP lets TCP through
    Given alice behind a firewall that blocks UDP
    When alice sends "hello" to the TCP server
    Then the TCP server received "hello" from alice's public address

@epic:RFC8656 @feature:RFC8656-server-checks
Feature: icelab's TURN server answers the requests a polite client never sends
  A raw client sends each request signed with long-term credentials (after the first 401), from a
  host without a NAT, and the scenario reads the server's answer off the wire.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for users "ice" and "eve" with passwords "relay-pass" and "eve-pass"
    And alice behind "no" NAT

  @req:RFC8656-7.2-400
  Scenario: an Allocate without REQUESTED-TRANSPORT is answered 400 and allocates nothing
    When alice, as "ice" with password "relay-pass", sends "an Allocate without REQUESTED-TRANSPORT"
    Then the answer to it is error 400
    And the TURN server holds 0 allocations

  @req:RFC8656-7.2-442
  Scenario: an Allocate for a TCP relay (RFC 6062, not offered) is answered 442
    When alice, as "ice" with password "relay-pass", sends "an Allocate for TCP"
    Then the answer to it is error 442
    And the TURN server holds 0 allocations

  @req:RFC8656-7.2-420 @req:RFC8489-6.3.1
  Scenario: DONT-FRAGMENT, which the server cannot honour, is an unknown attribute: 420
    When alice, as "ice" with password "relay-pass", sends "an Allocate with DONT-FRAGMENT"
    Then the answer to it is error 420

  @req:RFC8656-7.2-token
  Scenario Outline: <request> is refused with <code>
    When alice, as "ice" with password "relay-pass", sends "<request>"
    Then the answer to it is error <code>
    And the TURN server holds 0 allocations

    Examples:
      | request                                            | code |
      | an Allocate with EVEN-PORT and a RESERVATION-TOKEN | 400  |
      | an Allocate with an unknown RESERVATION-TOKEN      | 508  |

  @req:RFC8656-7.2-440
  Scenario: an address family the server does not relay is answered 440
    When alice, as "ice" with password "relay-pass", sends "an Allocate for IPv6"
    Then the answer to it is error 440

  @req:RFC8656-7.2-families
  Scenario: REQUESTED-ADDRESS-FAMILY together with ADDITIONAL-ADDRESS-FAMILY is answered 400
    When alice, as "ice" with password "relay-pass", sends "an Allocate with REQUESTED- and ADDITIONAL-ADDRESS-FAMILY"
    Then the answer to it is error 400

  @req:RFC8656-7.2-437
  Scenario: a second Allocate on a 5-tuple that has an allocation is answered 437
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    Then the answer to it is a success
    When alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.99:7000"
    And alice then sends "an Allocate"
    Then the answer to it is error 437
    And the TURN server holds 1 allocation

  @req:RFC8656-5-441
  Scenario: a request on the allocation signed by another user is answered 441
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a Refresh" as "eve" with password "eve-pass"
    Then the answer to it is error 441
    And the TURN server holds 1 allocation

  @req:RFC8656-8.2-437
  Scenario: a Refresh without an allocation is answered 437
    When alice, as "ice" with password "relay-pass", sends "a Refresh"
    Then the answer to it is error 437

  @req:RFC8656-8.2-zero
  Scenario: a Refresh with LIFETIME 0 deletes the allocation at once
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a Refresh with LIFETIME 0"
    Then the answer to it is a success
    And the TURN server holds 0 allocations

  @req:RFC8656-10.2-400
  Scenario: a CreatePermission without XOR-PEER-ADDRESS is answered 400, one with it succeeds
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a CreatePermission without XOR-PEER-ADDRESS"
    Then the answer to it is error 400
    When alice then sends "a CreatePermission for 198.51.100.99"
    Then the answer to it is a success

  # icelab accepts RFC 5766's channels 0x5000-0x7FFF too unless configured for RFC 8656's range only
  @req:RFC8656-12.2-400
  Scenario Outline: ChannelBind to channel <channel> is answered <answer>
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a ChannelBind of channel <channel> to 198.51.100.99:7000"
    Then the answer to it is <answer>

    Examples:
      | channel | answer      |
      | 0x3FFF  | error 400   |
      | 0x4000  | a success   |
      | 0x8000  | error 400   |

  @req:RFC8656-12.2-rebind
  Scenario Outline: a bound channel or peer cannot be rebound differently: <second>
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.99:7000"
    And alice then sends "<second>"
    Then the answer to it is <answer>

    Examples:
      | second                                                  | answer    |
      | a ChannelBind of channel 0x4001 to 198.51.100.99:7000   | error 400 |
      | a ChannelBind of channel 0x4000 to 198.51.100.99:7001   | error 400 |
      | a ChannelBind of channel 0x4000 to 198.51.100.99:7000   | a success |

  @req:RFC8656-7.2-lifetime
  Scenario Outline: a requested LIFETIME of <asked> s is granted as <granted> s (default 600, maximum 3600)
    When alice, as "ice" with password "relay-pass", sends "an Allocate with LIFETIME <asked>"
    Then the answer grants a lifetime of <granted> s

    Examples:
      | asked  | granted |
      | 30     | 600     |
      | 1200   | 1200    |
      | 100000 | 3600    |

  @req:RFC8656-5
  Scenario: a request on the allocation without credentials is answered 401, not served
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "an unsigned CreatePermission for 198.51.100.99"
    Then the answer to it is error 401
    When alice then sends "a CreatePermission for 198.51.100.99"
    Then the answer to it is a success

  @req:RFC8489-9.2.4-400 @req:RFC8489-9.2.4-10
  Scenario Outline: MESSAGE-INTEGRITY without <missing> is answered 400, not 401, and the 400 names no user, realm or nonce
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a Refresh signed without <missing>"
    Then the answer to it is error 400
    And the answer to it carries no USERNAME, USERHASH, NONCE or REALM
    And the TURN server holds 1 allocation

    Examples:
      | missing  |
      | USERNAME |
      | REALM    |
      | NONCE    |

  @req:RFC8656-7.2-dual-440
  Scenario: a dual-stack request to a server without IPv6 relays gets the IPv4 allocation and 440 for IPv6
    When alice, as "ice" with password "relay-pass", sends "an Allocate with ADDITIONAL-ADDRESS-FAMILY IPv6"
    Then the answer grants an IPv4 relayed address and ADDRESS-ERROR-CODE 440 for IPv6
    And the TURN server holds 1 allocation

  @req:RFC8489-9.2.4-24 @req:RFC8656-5-8 @req:RFC8489-6.3.1.1-5 @req:RFC8489-14.14-1
  Scenario: requests signed the RFC 5389 way (MD5, no PASSWORD-ALGORITHM) are answered with MESSAGE-INTEGRITY, and SOFTWARE
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    Then the answer to it is a success
    And the answer to it carries SOFTWARE naming "icelab" and a version
    When alice then sends "a Refresh"
    Then the answer to it is a success
    And the answer to it carries MESSAGE-INTEGRITY
    And the answer to it carries no MESSAGE-INTEGRITY-SHA256, REALM, NONCE, USERNAME or USERHASH
    And the answer to it carries SOFTWARE naming "icelab" and a version

  @req:RFC8489-6.3.1-1 @req:RFC8489-6.3.1-2
  Scenario: a retransmitted Allocate gets the same success again, not 437, and no second allocation
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    Then the answer to it is a success
    When alice then retransmits it
    Then the answer to it is a success
    And the answer grants the same relayed address as before
    And the TURN server holds 1 allocation

  @req:RFC8656-7.2-aaf-ipv4
  Scenario: ADDITIONAL-ADDRESS-FAMILY asking for IPv4 is answered 400
    When alice, as "ice" with password "relay-pass", sends "an Allocate with ADDITIONAL-ADDRESS-FAMILY IPv4"
    Then the answer to it is error 400
    And the TURN server holds 0 allocations

  @req:RFC8656-8.2-443
  Scenario Outline: a Refresh asking for <family> on an IPv4 allocation is answered <answer>
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a Refresh with REQUESTED-ADDRESS-FAMILY <family>"
    Then the answer to it is <answer>
    And the TURN server holds 1 allocation

    Examples:
      | family | answer    |
      | IPv6   | error 443 |
      | IPv4   | a success |

  @req:RFC8656-10.2-2 @req:RFC8656-12.2-443
  Scenario Outline: <request> on an IPv4 allocation is answered 443
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "<request>"
    Then the answer to it is error 443

    Examples:
      | request                                               |
      | a CreatePermission for [2001:db8::9]                  |
      | a ChannelBind of channel 0x4001 to [2001:db8::9]:7000 |

  @req:RFC8656-7.2-8 @req:RFC8656-7.2-9
  Scenario: the relayed port comes from the dynamic range
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    Then the answer grants a relayed port from 49152 to 65535

  @req:RFC8656-5-5
  Scenario: without an allocation, a Refresh is answered 437 and a Send indication or ChannelData is dropped
    Given a peer at "198.51.100.99:7000"
    When alice, as "ice" with password "relay-pass", sends "a Refresh"
    Then the answer to it is error 437
    When alice then sends a Send indication to "198.51.100.99:7000" saying "no allocation"
    And alice then sends ChannelData on channel 0x4000 saying "no channel"
    Then the peer at "198.51.100.99:7000" did not receive "no allocation"
    And the peer at "198.51.100.99:7000" did not receive "no channel"
    And the TURN server holds 0 allocations

  @req:RFC8489-9.2.4-11
  Scenario Outline: with the password-algorithms bit in the nonce, <request> is answered 400 (bid-down)
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "<request>"
    Then the answer to it is error 400
    And the TURN server holds 1 allocation

    Examples:
      | request                                                  |
      | a Refresh with PASSWORD-ALGORITHM but no PASSWORD-ALGORITHMS |
      | a Refresh whose PASSWORD-ALGORITHMS lists MD5 only       |

  @req:RFC8489-14-4 @req:RFC8489-14.1-3 @req:RFC8489-14.8-2 @req:RFC8656-18.1-1 @req:RFC8656-18.6-1 @req:RFC8656-18.8-1
  @req:RFC8656-18.12-1 @req:RFC8489-6.1-5 @req:RFC8489-6.1-4 @req:RFC8489-6.1-7
  Scenario: what a client and the server put on the wire pads with zeros, leaves reserved bits zero and fits the MTU
    When alice, as "ice" with password "relay-pass", sends "an Allocate with ADDITIONAL-ADDRESS-FAMILY IPv6"
    Then the answer grants an IPv4 relayed address and ADDRESS-ERROR-CODE 440 for IPv6
    When alice then sends "a Refresh with REQUESTED-ADDRESS-FAMILY IPv4"
    And alice then sends "a ChannelBind of channel 0x4000 to 198.51.100.99:7000"
    And alice then sends "a ChannelBind of channel 0x4001 to 198.51.100.99:7000"
    Then the answer to it is error 400
    And every STUN message on the wire pads with zeros and sets no reserved bit
    And every STUN message on the wire fits the default path MTU

  @req:RFC8656-11.2-1
  Scenario: a Send indication without DATA is dropped; one with DATA to the same permitted peer is relayed
    Given a peer at "198.51.100.99:7000"
    When alice, as "ice" with password "relay-pass", sends "an Allocate"
    And alice then sends "a CreatePermission for 198.51.100.99"
    And alice then sends a Send indication to "198.51.100.99:7000" without DATA
    Then the peer at "198.51.100.99:7000" received nothing
    When alice then sends a Send indication to "198.51.100.99:7000" saying "with DATA"
    Then the peer at "198.51.100.99:7000" received "with DATA"

  @req:RFC8656-7.2-7
  Scenario: a port reserved by EVEN-PORT is still held 29 s later: the token redeems the next port
    When alice, as "ice" with password "relay-pass", sends "an Allocate with EVEN-PORT reserving the next port"
    Then the answer to it is a success
    And the answer to it carries RESERVATION-TOKEN
    When alice, 29 s later, redeems the RESERVATION-TOKEN from another port as "ice" with password "relay-pass"
    Then the answer to it is a success
    And the answer grants the port after the reserved even one

  # icelab keeps a reservation 30 s, the minimum the RFC asks for; later the token is unknown (508)
  Scenario: a port reserved by EVEN-PORT is let go after 30 s
    When alice, as "ice" with password "relay-pass", sends "an Allocate with EVEN-PORT reserving the next port"
    Then the answer to it is a success
    When alice, 35 s later, redeems the RESERVATION-TOKEN from another port as "ice" with password "relay-pass"
    Then the answer to it is error 508

@epic:RFC8489 @feature:RFC8489-codec
Feature: the STUN message format as icelab's decoder reads it off the wire (RFC 8489 §5, §14)
  Each hand-made message crosses the simulated internet once (so it has a capture), then is decoded:
  malformed input gives a typed reason and the byte offset where it went wrong.

  @req:RFC8489-5
  Scenario Outline: <message>: <reason> at offset <offset>
    Given the STUN message "<message>"
    Then decoding it fails with <reason> at offset <offset>

    Examples:
      | message                                                   | reason            | offset |
      | a Binding request whose first bit is set                  | NOT_STUN          | 0      |
      | a Binding request whose length is not a multiple of 4     | BAD_LENGTH        | 2      |
      | a Binding request with an attribute running past the end  | ATTRIBUTE_OVERRUN | 20     |

  @req:RFC8489-14.8
  Scenario: an ERROR-CODE of class 7 is not a code 300-699
    Given the STUN message "a Binding error response with ERROR-CODE class 7"
    Then decoding it fails with BAD_ATTRIBUTE_VALUE at offset 26

  @req:RFC8489-14-order
  Scenario: an attribute after MESSAGE-INTEGRITY is ignored
    Given the STUN message "a Binding request with SOFTWARE after MESSAGE-INTEGRITY"
    Then it decodes with 1 attribute after MESSAGE-INTEGRITY ignored

  @req:RFC8489-5-padding
  Scenario: a 3-byte value is padded to 4; the attribute length says 3
    Given the STUN message "a Binding request with a 3-byte SOFTWARE"
    Then its SOFTWARE reads "abc", its attribute length is 3 and the message length is 8

  @req:RFC8489-14.3 @req:RFC8489-14.3-2
  Scenario Outline: a USERNAME of 763 bytes is parsed, as RFC 5389 peers may send; one byte more is a typed error
    Given the STUN message "<message>"
    Then <outcome>

    Examples:
      | message                                        | outcome                                                  |
      | a Binding request with a USERNAME of 763 bytes | it decodes with a USERNAME of 763 bytes                  |
      | a Binding request with a USERNAME of 764 bytes | decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 24 |

  @req:RFC8489-9-2
  Scenario: an attribute after MESSAGE-INTEGRITY-SHA256 is ignored
    Given the STUN message "a Binding request with SOFTWARE after MESSAGE-INTEGRITY-SHA256"
    Then it decodes with 1 attribute after MESSAGE-INTEGRITY ignored

  Scenario Outline: what a sender must leave zero is ignored on receipt: <message>
    Given the STUN message "<message>"
    Then it decodes and its <attribute> reads "<value>"

    @req:RFC8489-14-4 @req:RFC8489-14.1-3 @req:RFC8489-14.8-3
    Examples: RFC 8489 §14
      | message                                                          | attribute          | value          |
      | a Binding request whose SOFTWARE padding is not zero             | SOFTWARE           | abc            |
      | a Binding success whose XOR-MAPPED-ADDRESS has a non-zero first byte | XOR-MAPPED-ADDRESS | 192.0.2.1:5000 |
      | a Binding error response with the reserved bits of ERROR-CODE set | ERROR-CODE         | 420 bad        |

    @req:RFC8656-18.1-1 @req:RFC8656-18.6-1 @req:RFC8656-18.8-1 @req:RFC8656-18.12-1
    Examples: RFC 8656 §18
      | message                                                                   | attribute                | value       |
      | a ChannelBind request whose CHANNEL-NUMBER reserved field is not zero      | CHANNEL-NUMBER           | 0x4000      |
      | an Allocate request whose REQUESTED-TRANSPORT reserved field is not zero   | REQUESTED-TRANSPORT      | 17          |
      | an Allocate request whose REQUESTED-ADDRESS-FAMILY reserved field is not zero | REQUESTED-ADDRESS-FAMILY | IPv6        |
      | an Allocate success whose ADDRESS-ERROR-CODE reserved bits are set         | ADDRESS-ERROR-CODE       | IPv6 440 bad |

  @req:RFC8489-14.9-1 @req:RFC8489-14.10-1 @req:RFC8489-14.14-2
  Scenario Outline: texts of fewer than 128 characters: <message>
    Given the STUN message "<message>"
    Then <outcome>

    Examples:
      | message                                                      | outcome                                             |
      | a Binding request with a REALM of 127 characters             | it decodes with a REALM of 127 bytes                |
      | a Binding request with a REALM of 128 characters             | decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 24 |
      | a Binding request with a NONCE of 128 characters             | decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 24 |
      | a Binding request with a SOFTWARE of 128 characters          | decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 24 |
      | a Binding request with a SOFTWARE of 127 two-byte characters | it decodes with a SOFTWARE of 254 bytes             |
      | a Binding request with a SOFTWARE of 128 two-byte characters | decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 24 |

  @req:RFC8656-18.12-2
  Scenario: an ADDRESS-ERROR-CODE reason phrase of 128 characters is a typed error at its value
    Given the STUN message "an Allocate success whose ADDRESS-ERROR-CODE reason has 128 characters"
    Then decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 28

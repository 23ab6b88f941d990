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

  @req:RFC8489-14.3
  Scenario: a USERNAME longer than any RFC allows is a typed error at its value
    Given the STUN message "a Binding request with a USERNAME of 514 bytes"
    Then decoding it fails with BAD_ATTRIBUTE_LENGTH at offset 24

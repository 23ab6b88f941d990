@epic:RFC8656 @feature:RFC8656-7.4
Feature: what icelab's TURN client does when an Allocate is refused (RFC 8656 §7.4)
  A test server at the TURN server's address answers every Allocate with one error code; the client
  reports the failure and does not try again on its own for the time the RFC asks.

  Background:
    Given the internet with an RFC 5780 STUN server

  Scenario Outline: an Allocate refused with <code> is not retried
    Given a TURN server on the internet that answers every Allocate with error <code>
    And alice behind "full-cone" NAT
    When alice allocates on the TURN server as "ice" with password "relay-pass"
    Then the allocation fails with <code>
    And alice sent no Allocate request in the next 120 s

    @req:RFC8656-7.4-2
    Examples: 400 Bad Request
      | code |
      | 400  |

    @req:RFC8656-7.4-5
    Examples: 403 Forbidden
      | code |
      | 403  |

    @req:RFC8656-7.4-9
    Examples: 440 Address Family not Supported
      | code |
      | 440  |

    @req:RFC8656-7.4-10
    Examples: 441 Wrong Credentials
      | code |
      | 441  |

    @req:RFC8656-7.4-11
    Examples: 442 Unsupported Transport Protocol
      | code |
      | 442  |

    @req:RFC8656-7.4-12
    Examples: 486 Allocation Quota Reached (a minute at least)
      | code |
      | 486  |

    @req:RFC8656-7.4-13
    Examples: 508 Insufficient Capacity (a minute at least)
      | code |
      | 508  |

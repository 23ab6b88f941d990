@epic:RFC4787 @feature:RFC4787-mappings
Feature: how a NAT maps several local ports of one host (RFC 4787 §4.1-§4.2) and leaves payloads alone (§7)
  One host sends a Binding request from each of several local ports, one after the other, and reads
  the mapped addresses the STUN server reports.

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC4787-4.1-pooling @req:RFC4787-4.2.1
  Scenario Outline: <pooling> pooling over 3 external addresses, <ports> ports: <addresses> external address(es), no port shared
    Given alice behind a NAT with "<ports>" ports, parity off and "<pooling>" pooling over 3 external addresses
    When alice sends a Binding request to the STUN server from each local port 5000 to 5011
    Then alice's mappings use <addresses> external addresses
    And no two of alice's mappings share an external port

    Examples:
      | pooling   | ports      | addresses |
      | paired    | preserve   | 1         |
      | paired    | random     | 1         |
      | arbitrary | sequential | 3         |

  @req:RFC4787-4.2.2
  Scenario Outline: <ports> ports with parity on keep each local port's parity
    Given alice behind a NAT with "<ports>" ports, parity on and "paired" pooling over 1 external addresses
    When alice sends a Binding request to the STUN server from each local port 5000 to 5009
    Then every external port of alice has the parity of its local port

    Examples:
      | ports      |
      | sequential |
      | random     |

  @req:RFC4787-4.2.1-REQ-3a @req:RFC4787-4.2.1-REQ-3b
  Scenario Outline: <ports> ports: local ports below 1024 map below 1024, the others from 1024 up
    Given alice behind a NAT with "<ports>" ports, parity off and "paired" pooling over 1 external addresses
    When alice sends a Binding request to the STUN server from each local port 1019 to 1028
    Then every external port of alice is on the same side of 1024 as its local port

    Examples:
      | ports      |
      | sequential |
      | random     |
      | preserve   |

  Scenario: without parity, sequential ports from 1024 give odd local ports even external ones
    Given alice behind a NAT with "sequential" ports, parity off and "paired" pooling over 1 external addresses
    When alice sends a Binding request to the STUN server from each local port 5001 to 5010
    Then some external port of alice has the other parity than its local port

  @req:RFC4787-7
  Scenario: no ALG by default: a plain MAPPED-ADDRESS crosses the NAT as the server wrote it
    Given alice behind "full-cone" NAT
    When alice sends "an RFC 3489 Binding request" to the STUN server
    Then the answer's MAPPED-ADDRESS is "203.0.113.10:5000"

  Scenario: an address-rewriting ALG (off by default, on here) turns the same MAPPED-ADDRESS into the internal address
    Given alice behind a NAT with an address-rewriting ALG
    When alice sends "an RFC 3489 Binding request" to the STUN server
    Then the answer's MAPPED-ADDRESS is "10.0.10.2:5000"

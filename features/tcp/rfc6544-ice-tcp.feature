@epic:RFC6544 @feature:RFC6544-ice-tcp
Feature: RFC 6544: ICE over TCP where UDP does not get through

  Agents that gather TCP host candidates besides their UDP ones offer a passive candidate on each base (it
  accepts connections) and an active one (it opens them, signalled with port 9). Where a firewall drops all UDP,
  an active candidate's check opens a TCP connection to the peer's passive candidate, the answer and the data
  come back on it, and the passive side learns the connection's real address as a peer-reflexive active
  candidate. Where UDP works, the UDP pairs rank higher and win.

  Background:
    Given the internet with an RFC 5780 STUN server

  @req:RFC6544-4.1 @req:RFC6544-6.2 @req:RFC6544-7.1 @req:RFC6544-7.2 @req:RFC8489-6.2.2-1
  Scenario: behind firewalls that block UDP, two agents connect over TCP, active to passive, and data flows
    Given alice behind a firewall that blocks UDP
    And bob behind a firewall that blocks UDP
    When alice and bob run ICE with TCP candidates
    Then alice and bob connect within 10 s
    And alice's selected pair is over TCP
    And alice's selected pair joins an active and a passive TCP candidate
    And every TCP pair alice formed joins directions that make a connection
    And alice sent no check from a passive TCP candidate to a signalled active one
    And bob sent no check from a passive TCP candidate to a signalled active one
    When alice sends "over tcp" to bob
    Then bob receives "over tcp"

  @req:RFC6544-4.5
  Scenario: the active candidate is signalled with port 9
    Given alice behind "no" NAT
    And bob behind "no" NAT
    When alice and bob run ICE with TCP candidates
    Then alice and bob connect within 10 s
    And alice gathered an active TCP candidate on port 9

  Scenario: where UDP gets through, the UDP pair wins: TCP candidates rank below UDP host candidates
    Given alice behind "no" NAT
    And bob behind "no" NAT
    When alice and bob run ICE with TCP candidates
    Then alice and bob connect within 10 s
    And alice's selected pair is over UDP

  @req:RFC6544-4.2 @req:RFC6544-4.1-so
  Scenario: TCP candidates rank by direction: active, passive, S-O on the host; S-O first when server-reflexive
    Given alice behind "port-restricted-cone" NAT
    And bob behind "no" NAT
    When alice and bob run ICE over TCP only
    Then alice and bob connect within 10 s
    And alice's TCP candidates carry RFC 6544's direction preferences

  @req:RFC6544-7.1-retransmit
  Scenario: a check over TCP goes once: against a peer that accepts the connection and never answers, it fails after 39.5 s
    Given a TCP server on the internet at "198.51.100.80:8080"
    And alice behind a firewall that blocks UDP
    When alice runs ICE over TCP only against the TCP server, which answers no check
    Then alice's TCP check failed 39.5 s after it was sent
    And the TCP server received 1 Binding request from alice, each transaction once

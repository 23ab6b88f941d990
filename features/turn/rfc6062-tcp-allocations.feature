@epic:RFC6062 @feature:RFC6062-tcp-allocations
Feature: RFC 6062: TURN TCP allocations in the simulator
  alice, behind a NAT, reaches icelab's TURN server over TCP and asks for a TCP allocation. Her TURN client opens
  a new connection to the server for every peer connection and binds it with ConnectionBind; the server relays
  the peer's stream on it as it is. The TCP peers speak RFC 4571-framed text, which crosses the relay untouched.

  Background:
    Given the internet with an RFC 5780 STUN server
    And a TURN server on the internet for users "ice" and "eve" with passwords "relay-pass" and "eve-pass" that grants TCP allocations
    And a TCP peer at "198.51.100.77:8000"
    And alice behind "port-restricted-cone" NAT

  @req:RFC6062-4.1 @req:RFC6062-4.3 @req:RFC6062-5.2-connect @req:RFC6062-5.2-id @req:RFC6062-5.4-relay
  Scenario: alice connects to a peer through her TCP relay, and the peer's stream crosses it both ways
    When alice allocates a TCP relay on the TURN server as "ice" with password "relay-pass"
    And alice connects through the TCP relay to "198.51.100.77:8000"
    Then alice's peer connection to "198.51.100.77:8000" is up
    And the TURN server holds 1 peer connection
    When alice sends "hello over tcp" over the TCP relay to "198.51.100.77:8000"
    Then the TCP peer at "198.51.100.77:8000" received "hello over tcp"
    And the TCP peer at "198.51.100.77:8000" saw its connection from alice's relayed address

  @req:RFC6062-4.4 @req:RFC6062-5.3-attempt @req:RFC6062-5.3-buffer @req:RFC6062-5.4-relay
  Scenario: a permitted peer connects to alice's relayed address; what it sent before the bind reaches her
    When alice allocates a TCP relay on the TURN server as "ice" with password "relay-pass"
    And alice asks the TCP relay for a permission for "198.51.100.77:8000"
    And the TCP peer at "198.51.100.77:8000" connects to alice's relayed address and sends "knock knock"
    Then alice has a peer connection from "198.51.100.77"
    And alice received "knock knock" over the TCP relay from "198.51.100.77"

  @req:RFC6062-5.3-permission
  Scenario: a peer without a permission is closed at once, and alice hears of nothing
    When alice allocates a TCP relay on the TURN server as "ice" with password "relay-pass"
    And the TCP peer at "198.51.100.77:8000" connects to alice's relayed address and sends "let me in"
    Then alice has no peer connection

  @req:RFC6062-5.2-446
  Scenario: a second Connect to the same peer is refused with 446
    When alice allocates a TCP relay on the TURN server as "ice" with password "relay-pass"
    And alice connects through the TCP relay to "198.51.100.77:8000"
    And alice connects through the TCP relay to "198.51.100.77:8000"
    Then alice's connect to "198.51.100.77:8000" fails with 446

  @req:RFC6062-5.2-447
  Scenario: a Connect to a port where nothing listens is refused with 447
    When alice allocates a TCP relay on the TURN server as "ice" with password "relay-pass"
    And alice connects through the TCP relay to "198.51.100.77:8001"
    Then alice's connect to "198.51.100.77:8001" fails with 447

  @req:RFC6062-5.5
  Scenario: the peer closes its connection: the server closes alice's data connection too
    When alice allocates a TCP relay on the TURN server as "ice" with password "relay-pass"
    And alice connects through the TCP relay to "198.51.100.77:8000"
    And alice sends "bye" over the TCP relay to "198.51.100.77:8000"
    And the TCP peer at "198.51.100.77:8000" closes its connection to alice's relayed address
    Then alice's peer connection to "198.51.100.77:8000" is closed
    And the TURN server holds 0 peer connections

  @req:RFC6062-5.1-400
  Scenario: a TCP allocation asked for over UDP is refused with 400
    When alice, as "ice" with password "relay-pass", sends "an Allocate for TCP"
    Then the answer to it is error 400

  @req:RFC6062-5.1-400
  Scenario: a TCP allocation with EVEN-PORT is refused with 400
    When alice, as "ice" with password "relay-pass", sends "an Allocate for TCP with EVEN-PORT" over TCP
    Then the answer to it is error 400
    And the TURN server holds 0 allocations

  @req:RFC6062-5.2-437
  Scenario: a Connect on a connection that holds no allocation is refused with 437
    When alice, as "ice" with password "relay-pass", sends "a Connect to 198.51.100.77:8000" over TCP
    Then the answer to it is error 437

  @req:RFC6062-5.2-400 @req:RFC6062-5.2-403
  Scenario: a Connect without a peer is refused with 400, one to a peer the policy forbids with 403
    When alice, as "ice" with password "relay-pass", sends "an Allocate for TCP" over TCP
    Then the answer to it is a success
    When alice then sends "a Connect without XOR-PEER-ADDRESS"
    Then the answer to it is error 400
    When alice then sends "a Connect to 10.0.0.1:8000"
    Then the answer to it is error 403

  @req:RFC6062-5.2-30s @req:RFC6062-5.2-id
  Scenario: a peer connection nobody binds is closed 30 s after the Connect success
    When alice, as "ice" with password "relay-pass", sends "an Allocate for TCP" over TCP
    And alice then sends "a Connect to 198.51.100.77:8000"
    Then the answer to it carries CONNECTION-ID
    When the simulation runs for 40 s
    Then the TCP peer at "198.51.100.77:8000" saw the TURN server's connection closed 30 s after it opened
    And the TURN server holds 0 peer connections

  @req:RFC6062-5.4-400-transport
  Scenario: a ConnectionBind over UDP is refused with 400
    When alice, as "ice" with password "relay-pass", sends "a ConnectionBind with CONNECTION-ID 0x01020304"
    Then the answer to it is error 400

  @req:RFC6062-5.4-400-id
  Scenario: a ConnectionBind naming no pending peer connection, or none, is refused with 400
    When alice, as "ice" with password "relay-pass", sends "a ConnectionBind with CONNECTION-ID 0x01020304" over TCP
    Then the answer to it is error 400
    When alice then sends "a ConnectionBind without CONNECTION-ID"
    Then the answer to it is error 400

  @req:RFC6062-5.4-auth
  Scenario: a ConnectionBind signed by another user is refused with 441, by the allocation's user it binds
    When alice, as "ice" with password "relay-pass", sends "an Allocate for TCP" over TCP
    And alice then sends "a Connect to 198.51.100.77:8000"
    And alice, from another port over TCP, binds the CONNECTION-ID of the Connect as "eve" with password "eve-pass"
    Then the answer to it is error 441
    When alice, from another port over TCP, binds the CONNECTION-ID of the Connect as "ice" with password "relay-pass"
    Then the answer to it is a success

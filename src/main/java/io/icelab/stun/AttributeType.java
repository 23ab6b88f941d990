package io.icelab.stun;

/** Attribute type numbers from the IANA STUN Attributes registry, and their names. */
public final class AttributeType {
    private AttributeType() {
    }

    // RFC 8489 / 5389 (and RFC 3489 legacy numbers still seen on the wire)
    /** RFC 8489 §14.1: the reflexive address in the clear (RFC 3489 servers send only this). */
    public static final int MAPPED_ADDRESS = 0x0001;
    /** RFC 3489 only: where to send the response; reserved since RFC 5389. */
    public static final int RESPONSE_ADDRESS = 0x0002;
    /** RFC 5780 §7.2: answer from the other IP and/or port. */
    public static final int CHANGE_REQUEST = 0x0003;
    /** RFC 3489 only: the address the response came from; reserved since RFC 5389. */
    public static final int SOURCE_ADDRESS = 0x0004;
    /** RFC 3489 only: the server's other address; RFC 5780 has OTHER-ADDRESS instead. */
    public static final int CHANGED_ADDRESS = 0x0005;
    /** RFC 8489 §14.3. */
    public static final int USERNAME = 0x0006;
    /** RFC 3489 only (Shared Secret); reserved since RFC 5389. */
    public static final int PASSWORD = 0x0007;
    /** RFC 8489 §14.5: HMAC-SHA1 over the message. */
    public static final int MESSAGE_INTEGRITY = 0x0008;
    /** RFC 8489 §14.8. */
    public static final int ERROR_CODE = 0x0009;
    /** RFC 8489 §14.13: the comprehension-required attributes a 420 did not understand. */
    public static final int UNKNOWN_ATTRIBUTES = 0x000a;
    /** RFC 3489 only; reserved since RFC 5389. */
    public static final int REFLECTED_FROM = 0x000b;
    /** RFC 8656: the channel of a ChannelBind. */
    public static final int CHANNEL_NUMBER = 0x000c;
    /** RFC 8656: an allocation's lifetime in seconds. */
    public static final int LIFETIME = 0x000d;
    /** RFC 8656: a peer's address, XOR-ed like XOR-MAPPED-ADDRESS. */
    public static final int XOR_PEER_ADDRESS = 0x0012;
    /** RFC 8656: the application data of a Send or Data indication. */
    public static final int DATA = 0x0013;
    /** RFC 8489 §14.9: the long-term credential realm. */
    public static final int REALM = 0x0014;
    /** RFC 8489 §14.10: the server's nonce, with its security feature cookie (§9.2). */
    public static final int NONCE = 0x0015;
    /** RFC 8656: the relayed transport address of an allocation. */
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    /** RFC 8656 / RFC 6156: the address family to relay from. */
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    /** RFC 8656: an even relayed port, optionally reserving the next one. */
    public static final int EVEN_PORT = 0x0018;
    /** RFC 8656: the transport to relay (17 UDP; 6 TCP in RFC 6062). */
    public static final int REQUESTED_TRANSPORT = 0x0019;
    /** RFC 8656: set DF on the relayed packets. */
    public static final int DONT_FRAGMENT = 0x001a;
    /** RFC 8489 §14.6: HMAC-SHA256 over the message. */
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001c;
    /** RFC 8489 §14.12: the algorithm the client chose. */
    public static final int PASSWORD_ALGORITHM = 0x001d;
    /** RFC 8489 §14.4: SHA-256 of username and realm, in place of USERNAME. */
    public static final int USERHASH = 0x001e;
    /** RFC 8489 §14.2: the reflexive address, XOR-ed with the magic cookie (and transaction ID). */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** RFC 8656: names a port reserved by an earlier EVEN-PORT. */
    public static final int RESERVATION_TOKEN = 0x0022;
    /** RFC 8445 §16.1: the priority a peer-reflexive candidate would get. */
    public static final int PRIORITY = 0x0024;
    /** RFC 8445 §16.1: the controlling agent nominates this pair. */
    public static final int USE_CANDIDATE = 0x0025;
    /** RFC 5780 §7.6: padding to probe for fragmentation. */
    public static final int PADDING = 0x0026;
    /** RFC 5780 §7.5: the port to send the response to. */
    public static final int RESPONSE_PORT = 0x0027;
    /** RFC 6062: a TCP peer connection of a TCP allocation. */
    public static final int CONNECTION_ID = 0x002a;
    /** RFC 8656: a second relayed address of the other family (dual stack). */
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    /** RFC 8656: why one family of a dual-stack request failed. */
    public static final int ADDRESS_ERROR_CODE = 0x8001;
    /** RFC 8489 §14.11: the algorithms the server offers. */
    public static final int PASSWORD_ALGORITHMS = 0x8002;
    /** RFC 8489 §14.16: the name for TLS checks of ALTERNATE-SERVER. */
    public static final int ALTERNATE_DOMAIN = 0x8003;
    /** RFC 8656: an ICMP error from the peer, in a Data indication. */
    public static final int ICMP = 0x8004;
    /** RFC 8489 §14.14: the agent's software and version. */
    public static final int SOFTWARE = 0x8022;
    /** RFC 8489 §14.15: the server to try instead (with 300). */
    public static final int ALTERNATE_SERVER = 0x8023;
    /** RFC 8489 §14.7: CRC-32 of the message XOR 0x5354554e. */
    public static final int FINGERPRINT = 0x8028;
    /** RFC 8445 §16.1: the sender is controlled; its tie-breaker. */
    public static final int ICE_CONTROLLED = 0x8029;
    /** RFC 8445 §16.1: the sender is controlling; its tie-breaker. */
    public static final int ICE_CONTROLLING = 0x802a;
    /** RFC 5780 §7.3: the address the response was sent from. */
    public static final int RESPONSE_ORIGIN = 0x802b;
    /** RFC 5780 §7.4: the server's alternate IP and port. */
    public static final int OTHER_ADDRESS = 0x802c;

    /**
     * RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required.
     *
     * @param type an attribute type number
     * @return true when an agent that does not know it must reject the message
     */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /**
     * The registry name of {@code type}, such as {@code XOR-MAPPED-ADDRESS}, or a hex form for an unknown type.
     *
     * @param type an attribute type number
     * @return its name
     */
    public static String name(int type) {
        switch (type) {
            case MAPPED_ADDRESS: return "MAPPED-ADDRESS";
            case RESPONSE_ADDRESS: return "RESPONSE-ADDRESS";
            case CHANGE_REQUEST: return "CHANGE-REQUEST";
            case SOURCE_ADDRESS: return "SOURCE-ADDRESS";
            case CHANGED_ADDRESS: return "CHANGED-ADDRESS";
            case USERNAME: return "USERNAME";
            case PASSWORD: return "PASSWORD";
            case MESSAGE_INTEGRITY: return "MESSAGE-INTEGRITY";
            case ERROR_CODE: return "ERROR-CODE";
            case UNKNOWN_ATTRIBUTES: return "UNKNOWN-ATTRIBUTES";
            case REFLECTED_FROM: return "REFLECTED-FROM";
            case CHANNEL_NUMBER: return "CHANNEL-NUMBER";
            case LIFETIME: return "LIFETIME";
            case XOR_PEER_ADDRESS: return "XOR-PEER-ADDRESS";
            case DATA: return "DATA";
            case REALM: return "REALM";
            case NONCE: return "NONCE";
            case XOR_RELAYED_ADDRESS: return "XOR-RELAYED-ADDRESS";
            case REQUESTED_ADDRESS_FAMILY: return "REQUESTED-ADDRESS-FAMILY";
            case EVEN_PORT: return "EVEN-PORT";
            case REQUESTED_TRANSPORT: return "REQUESTED-TRANSPORT";
            case DONT_FRAGMENT: return "DONT-FRAGMENT";
            case MESSAGE_INTEGRITY_SHA256: return "MESSAGE-INTEGRITY-SHA256";
            case PASSWORD_ALGORITHM: return "PASSWORD-ALGORITHM";
            case USERHASH: return "USERHASH";
            case XOR_MAPPED_ADDRESS: return "XOR-MAPPED-ADDRESS";
            case RESERVATION_TOKEN: return "RESERVATION-TOKEN";
            case PRIORITY: return "PRIORITY";
            case USE_CANDIDATE: return "USE-CANDIDATE";
            case PADDING: return "PADDING";
            case RESPONSE_PORT: return "RESPONSE-PORT";
            case CONNECTION_ID: return "CONNECTION-ID";
            case ADDITIONAL_ADDRESS_FAMILY: return "ADDITIONAL-ADDRESS-FAMILY";
            case ADDRESS_ERROR_CODE: return "ADDRESS-ERROR-CODE";
            case PASSWORD_ALGORITHMS: return "PASSWORD-ALGORITHMS";
            case ALTERNATE_DOMAIN: return "ALTERNATE-DOMAIN";
            case ICMP: return "ICMP";
            case SOFTWARE: return "SOFTWARE";
            case ALTERNATE_SERVER: return "ALTERNATE-SERVER";
            case FINGERPRINT: return "FINGERPRINT";
            case ICE_CONTROLLED: return "ICE-CONTROLLED";
            case ICE_CONTROLLING: return "ICE-CONTROLLING";
            case RESPONSE_ORIGIN: return "RESPONSE-ORIGIN";
            case OTHER_ADDRESS: return "OTHER-ADDRESS";
            default: return String.format("0x%04X", type);
        }
    }
}

package io.icelab.stun;

/** Attribute type numbers from the IANA STUN Attributes registry, and their names. */
public final class AttributeType {
    private AttributeType() {
    }

    // RFC 8489 / 5389 (and RFC 3489 legacy numbers still seen on the wire)
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int RESPONSE_ADDRESS = 0x0002;
    public static final int CHANGE_REQUEST = 0x0003;
    public static final int SOURCE_ADDRESS = 0x0004;
    public static final int CHANGED_ADDRESS = 0x0005;
    public static final int USERNAME = 0x0006;
    public static final int PASSWORD = 0x0007;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000a;
    public static final int REFLECTED_FROM = 0x000b;
    public static final int CHANNEL_NUMBER = 0x000c;
    public static final int LIFETIME = 0x000d;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA = 0x0013;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int EVEN_PORT = 0x0018;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int DONT_FRAGMENT = 0x001a;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001c;
    public static final int PASSWORD_ALGORITHM = 0x001d;
    public static final int USERHASH = 0x001e;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int RESERVATION_TOKEN = 0x0022;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int PADDING = 0x0026;
    public static final int RESPONSE_PORT = 0x0027;
    public static final int CONNECTION_ID = 0x002a;
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    public static final int ADDRESS_ERROR_CODE = 0x8001;
    public static final int PASSWORD_ALGORITHMS = 0x8002;
    public static final int ALTERNATE_DOMAIN = 0x8003;
    public static final int ICMP = 0x8004;
    public static final int SOFTWARE = 0x8022;
    public static final int ALTERNATE_SERVER = 0x8023;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802a;
    public static final int RESPONSE_ORIGIN = 0x802b;
    public static final int OTHER_ADDRESS = 0x802c;

    /** RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required. */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

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

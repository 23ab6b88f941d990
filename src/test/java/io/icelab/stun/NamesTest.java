package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names icelab prints for attribute types and methods (RFC 8489 §18.3, RFC 8656 §17-§18, RFC 5780 §7). */
class NamesTest {
    @Test
    void everyKnownAttributeHasItsRfcName_andAnUnknownOneItsHexCode() {
        assertThat(AttributeType.name(AttributeType.MAPPED_ADDRESS)).isEqualTo("MAPPED-ADDRESS");
        assertThat(AttributeType.name(AttributeType.RESPONSE_ADDRESS)).isEqualTo("RESPONSE-ADDRESS");
        assertThat(AttributeType.name(AttributeType.CHANGE_REQUEST)).isEqualTo("CHANGE-REQUEST");
        assertThat(AttributeType.name(AttributeType.SOURCE_ADDRESS)).isEqualTo("SOURCE-ADDRESS");
        assertThat(AttributeType.name(AttributeType.CHANGED_ADDRESS)).isEqualTo("CHANGED-ADDRESS");
        assertThat(AttributeType.name(AttributeType.USERNAME)).isEqualTo("USERNAME");
        assertThat(AttributeType.name(AttributeType.PASSWORD)).isEqualTo("PASSWORD");
        assertThat(AttributeType.name(AttributeType.MESSAGE_INTEGRITY)).isEqualTo("MESSAGE-INTEGRITY");
        assertThat(AttributeType.name(AttributeType.ERROR_CODE)).isEqualTo("ERROR-CODE");
        assertThat(AttributeType.name(AttributeType.UNKNOWN_ATTRIBUTES)).isEqualTo("UNKNOWN-ATTRIBUTES");
        assertThat(AttributeType.name(AttributeType.REFLECTED_FROM)).isEqualTo("REFLECTED-FROM");
        assertThat(AttributeType.name(AttributeType.CHANNEL_NUMBER)).isEqualTo("CHANNEL-NUMBER");
        assertThat(AttributeType.name(AttributeType.LIFETIME)).isEqualTo("LIFETIME");
        assertThat(AttributeType.name(AttributeType.XOR_PEER_ADDRESS)).isEqualTo("XOR-PEER-ADDRESS");
        assertThat(AttributeType.name(AttributeType.DATA)).isEqualTo("DATA");
        assertThat(AttributeType.name(AttributeType.REALM)).isEqualTo("REALM");
        assertThat(AttributeType.name(AttributeType.NONCE)).isEqualTo("NONCE");
        assertThat(AttributeType.name(AttributeType.XOR_RELAYED_ADDRESS)).isEqualTo("XOR-RELAYED-ADDRESS");
        assertThat(AttributeType.name(AttributeType.REQUESTED_ADDRESS_FAMILY)).isEqualTo("REQUESTED-ADDRESS-FAMILY");
        assertThat(AttributeType.name(AttributeType.EVEN_PORT)).isEqualTo("EVEN-PORT");
        assertThat(AttributeType.name(AttributeType.REQUESTED_TRANSPORT)).isEqualTo("REQUESTED-TRANSPORT");
        assertThat(AttributeType.name(AttributeType.DONT_FRAGMENT)).isEqualTo("DONT-FRAGMENT");
        assertThat(AttributeType.name(AttributeType.MESSAGE_INTEGRITY_SHA256)).isEqualTo("MESSAGE-INTEGRITY-SHA256");
        assertThat(AttributeType.name(AttributeType.PASSWORD_ALGORITHM)).isEqualTo("PASSWORD-ALGORITHM");
        assertThat(AttributeType.name(AttributeType.USERHASH)).isEqualTo("USERHASH");
        assertThat(AttributeType.name(AttributeType.XOR_MAPPED_ADDRESS)).isEqualTo("XOR-MAPPED-ADDRESS");
        assertThat(AttributeType.name(AttributeType.RESERVATION_TOKEN)).isEqualTo("RESERVATION-TOKEN");
        assertThat(AttributeType.name(AttributeType.PRIORITY)).isEqualTo("PRIORITY");
        assertThat(AttributeType.name(AttributeType.USE_CANDIDATE)).isEqualTo("USE-CANDIDATE");
        assertThat(AttributeType.name(AttributeType.PADDING)).isEqualTo("PADDING");
        assertThat(AttributeType.name(AttributeType.RESPONSE_PORT)).isEqualTo("RESPONSE-PORT");
        assertThat(AttributeType.name(AttributeType.CONNECTION_ID)).isEqualTo("CONNECTION-ID");
        assertThat(AttributeType.name(AttributeType.ADDITIONAL_ADDRESS_FAMILY)).isEqualTo("ADDITIONAL-ADDRESS-FAMILY");
        assertThat(AttributeType.name(AttributeType.ADDRESS_ERROR_CODE)).isEqualTo("ADDRESS-ERROR-CODE");
        assertThat(AttributeType.name(AttributeType.PASSWORD_ALGORITHMS)).isEqualTo("PASSWORD-ALGORITHMS");
        assertThat(AttributeType.name(AttributeType.ALTERNATE_DOMAIN)).isEqualTo("ALTERNATE-DOMAIN");
        assertThat(AttributeType.name(AttributeType.ICMP)).isEqualTo("ICMP");
        assertThat(AttributeType.name(AttributeType.SOFTWARE)).isEqualTo("SOFTWARE");
        assertThat(AttributeType.name(AttributeType.ALTERNATE_SERVER)).isEqualTo("ALTERNATE-SERVER");
        assertThat(AttributeType.name(AttributeType.FINGERPRINT)).isEqualTo("FINGERPRINT");
        assertThat(AttributeType.name(AttributeType.ICE_CONTROLLED)).isEqualTo("ICE-CONTROLLED");
        assertThat(AttributeType.name(AttributeType.ICE_CONTROLLING)).isEqualTo("ICE-CONTROLLING");
        assertThat(AttributeType.name(AttributeType.RESPONSE_ORIGIN)).isEqualTo("RESPONSE-ORIGIN");
        assertThat(AttributeType.name(AttributeType.OTHER_ADDRESS)).isEqualTo("OTHER-ADDRESS");
        assertThat(AttributeType.name(0x7F01)).isEqualTo("0x7F01");
        assertThat(AttributeType.name(0xC001)).isEqualTo("0xC001");
    }

    @Test
    void comprehensionRequiredIsTheLowerHalf() {
        assertThat(AttributeType.isComprehensionRequired(0x7FFF)).isTrue();
        assertThat(AttributeType.isComprehensionRequired(0x8000)).isFalse();
        assertThat(AttributeType.isComprehensionRequired(0)).isTrue();
    }

    @Test
    void everyKnownMethodHasItsName_andAnUnknownOneItsCode() {
        assertThat(new Method(0x001).name()).isEqualTo("Binding");
        assertThat(new Method(0x002).name()).isEqualTo("SharedSecret");
        assertThat(new Method(0x003).name()).isEqualTo("Allocate");
        assertThat(new Method(0x004).name()).isEqualTo("Refresh");
        assertThat(new Method(0x006).name()).isEqualTo("Send");
        assertThat(new Method(0x007).name()).isEqualTo("Data");
        assertThat(new Method(0x008).name()).isEqualTo("CreatePermission");
        assertThat(new Method(0x009).name()).isEqualTo("ChannelBind");
        assertThat(new Method(0x00a).name()).isEqualTo("Connect");
        assertThat(new Method(0x00b).name()).isEqualTo("ConnectionBind");
        assertThat(new Method(0x00c).name()).isEqualTo("ConnectionAttempt");
        assertThat(new Method(0x0ff).name()).isEqualTo("Method(0x0ff)");
        assertThat(new Method(0x001).toString()).isEqualTo("Binding");
    }
}

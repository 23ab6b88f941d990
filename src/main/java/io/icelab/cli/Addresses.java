package io.icelab.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** Parses HOST:PORT and [IPv6]:PORT for picocli. */
final class Addresses implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) throws Exception {
        return parse(value);
    }

    static InetSocketAddress parse(String value) throws UnknownHostException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "': port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("'" + value + "': port out of range");
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** The wildcard-free local address to bind for talking to {@code remote}: loopback stays on loopback. */
    static InetSocketAddress localFor(InetSocketAddress remote) throws UnknownHostException {
        InetAddress r = remote.getAddress();
        if (r.isLoopbackAddress()) {
            return new InetSocketAddress(r instanceof java.net.Inet6Address ? InetAddress.getByName("::1")
                    : InetAddress.getByName("127.0.0.1"), 0);
        }
        return new InetSocketAddress(r instanceof java.net.Inet6Address ? InetAddress.getByName("::")
                : InetAddress.getByName("0.0.0.0"), 0);
    }
}

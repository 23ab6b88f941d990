package io.icelab.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The test's web server on 127.0.0.1: the interop page, and the signalling endpoints its
 * RTCPeerConnection uses to exchange descriptions and trickled candidates with icelab's agent.
 * A failing handler answers 500 with the reason, and the reason is kept for the test to report.
 */
final class PageServer implements AutoCloseable {
    /** What the page's signalling calls reach. */
    interface Signalling {
        /** The browser's offer; returns our answer. */
        String offer(String sdp, boolean trickle) throws Exception;

        /** Our offer, for the browser to answer. */
        String offer() throws Exception;

        void answer(String sdp, boolean trickle) throws Exception;

        /** A trickled candidate line (without "a="), or "end". */
        void candidate(String line) throws Exception;

        /** Our trickled candidates from index {@code from} on; the last is "end". */
        List<String> ourCandidates(int from);
    }

    private final HttpServer server;
    final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile Signalling signalling;

    PageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "interop-page-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    void signalling(Signalling s) {
        this.signalling = s;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
        boolean post = x.getRequestMethod().equals("POST");
        try {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean trickle = query.contains("trickle=true");
            String reply = switch (path) {
                case "/", "/peer.html" -> page();
                case "/signal/offer" -> post ? signalling.offer(body, trickle) : signalling.offer();
                case "/signal/answer" -> {
                    signalling.answer(body, trickle);
                    yield "ok";
                }
                case "/signal/candidate" -> {
                    signalling.candidate(body.strip());
                    yield "ok";
                }
                case "/signal/remote-candidates" -> json(signalling.ourCandidates(
                        Integer.parseInt(query.replaceAll(".*from=(\\d+).*", "$1"))));
                default -> null;
            };
            if (reply == null) {
                send(x, 404, "text/plain", "no " + path);
            } else {
                send(x, 200, path.startsWith("/signal/remote") ? "application/json"
                        : path.startsWith("/signal") ? "text/plain" : "text/html", reply);
            }
        } catch (Exception | AssertionError e) {
            String why = x.getRequestMethod() + " " + path + ": " + e;
            errors.add(why);
            send(x, 500, "text/plain", why);
        }
    }

    private static String page() throws IOException {
        try (InputStream in = PageServer.class.getResourceAsStream("/interop/peer.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String json(List<String> lines) {
        StringBuilder sb = new StringBuilder("[");
        for (String l : lines) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(l.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return sb.append(']').toString();
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(code, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

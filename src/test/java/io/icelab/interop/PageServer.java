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
 * For a browser without a driver (Firefox) it also carries the test's calls: the page, opened with
 * {@code ?control}, polls {@code /control/next} for the next call and posts its outcome to
 * {@code /control/result} ({@link #command}).
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
    /** Calls for a driverless page, as JSON {id, fn, args}, in order. */
    private final java.util.concurrent.LinkedBlockingQueue<String> commands = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.Map<Long, java.util.concurrent.CompletableFuture<String>> outcomes =
            new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Queues a call {@code json} (with its {@code id}) for the driverless page; the future completes with the JSON
     * the page posts back ({@code {ok: …}} or {@code {error: …}}).
     */
    java.util.concurrent.CompletableFuture<String> command(long id, String json) {
        java.util.concurrent.CompletableFuture<String> f = new java.util.concurrent.CompletableFuture<>();
        outcomes.put(id, f);
        commands.add(json);
        return f;
    }

    /** The next call for the page, waiting up to a second; null when none came or the server is closing. */
    private String nextCommand() {
        try {
            return commands.poll(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt(); // close() stops the handlers: no error of the page's
            return null;
        }
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
                case "/control/next" -> {
                    String next = nextCommand();
                    yield next == null ? "" : next;
                }
                case "/control/result" -> {
                    java.util.concurrent.CompletableFuture<String> f = outcomes.remove(
                            Long.parseLong(query.replaceAll(".*id=(\\d+).*", "$1")));
                    if (f != null) {
                        f.complete(body);
                    }
                    yield "ok";
                }
                default -> null;
            };
            if ("".equals(reply) && path.equals("/control/next")) {
                send(x, 204, "text/plain", "");
            } else if (reply == null) {
                send(x, 404, "text/plain", "no " + path);
            } else {
                send(x, 200, path.startsWith("/signal/remote") ? "application/json"
                        : path.startsWith("/signal") ? "text/plain" : "text/html", reply);
            }
        } catch (Exception | AssertionError e) {
            String why = x.getRequestMethod() + " " + path + ": " + e;
            if (!Thread.currentThread().isInterrupted()) {
                errors.add(why); // (an interrupted handler is the server closing, not the page failing)
            }
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
        x.sendResponseHeaders(code, code == 204 ? -1 : bytes.length);
        if (code != 204) {
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    @Override
    public void close() {
        outcomes.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the page server closed")));
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

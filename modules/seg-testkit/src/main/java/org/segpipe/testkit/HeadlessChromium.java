package org.segpipe.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, driven over the DevTools protocol on 127.0.0.1, for tests that open
 * a page the way a person does and check what it shows: console errors, uncaught exceptions,
 * network requests, the DOM after scripts ran, and a screenshot.
 *
 * <p>The browser is looked up as {@code $SEG_CHROMIUM}, then {@code chromium},
 * {@code chromium-browser}, {@code google-chrome} on the PATH. When none is found, {@link #start}
 * fails with a message saying how to install it: tests that need a browser must not pass without
 * one ({@code .ci/run} installs Debian's {@code chromium} when it is missing).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** What one page did. */
    public record PageResult(String inspection, List<String> consoleErrors, List<String> requests) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HeadlessChromium(Process process, Path profile, int port) {
        this.process = process;
        this.profile = profile;
        this.port = port;
    }

    /** The browser executable, or an exception that says how to get one. */
    public static Path find() {
        String env = System.getenv("SEG_CHROMIUM");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new IllegalStateException("SEG_CHROMIUM is " + env + ", which is not an executable file");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("headless Chromium is needed for this test and was not found (looked for $SEG_CHROMIUM, "
                + "then chromium, chromium-browser, google-chrome on the PATH): install Debian's package with "
                + "'apt-get install -y chromium' (.ci/run installs it when it is missing)");
    }

    /** Starts a browser with a fresh profile under {@code workDir}, listening on 127.0.0.1 only. */
    public static HeadlessChromium start(Path workDir) {
        Path exe = find();
        try {
            Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile-");
            Path log = workDir.resolve(profile.getFileName() + ".log");
            Process p = new ProcessBuilder(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--window-size=1400,1000", "about:blank")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(exe + " exited with " + p.exitValue() + " before listening; its output: "
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException(exe + " did not start listening within 60 s; its output: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            return new HeadlessChromium(p, profile, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens {@code page} in a new tab, waits for its load event and then until
     * {@code readyExpression} is true (or 60 s), evaluates {@code inspectExpression} (which must
     * return a string, e.g. {@code JSON.stringify(...)}), and writes a full-page screenshot when
     * {@code screenshot} is not null.
     */
    public PageResult open(Path page, String readyExpression, String inspectExpression, Path screenshot, int width) {
        JsonNode target = httpJson("PUT", "/json/new?about:blank");
        String targetId = target.get("id").asText();
        try (Session s = new Session(URI.create(target.get("webSocketDebuggerUrl").asText()))) {
            s.call("Runtime.enable", Map.of());
            s.call("Log.enable", Map.of());
            s.call("Network.enable", Map.of());
            s.call("Page.enable", Map.of());
            s.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
            s.call("Page.navigate", Map.of("url", page.toUri().toString()));
            s.await("Page.loadEventFired");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!s.evaluate(readyExpression).asBoolean(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(page + ": '" + readyExpression + "' still false after " + TIMEOUT.toSeconds()
                            + " s; console errors: " + s.errors());
                }
                Thread.sleep(100);
            }
            String inspection = s.evaluate(inspectExpression).asText();
            if (screenshot != null) {
                JsonNode metrics = s.call("Page.getLayoutMetrics", Map.of());
                int height = (int) Math.ceil(metrics.path("cssContentSize").path("height").asDouble(1000));
                s.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", Math.min(height, 30000),
                        "deviceScaleFactor", 1, "mobile", false));
                JsonNode shot = s.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
                Files.createDirectories(screenshot.toAbsolutePath().getParent());
                Files.write(screenshot, Base64.getDecoder().decode(shot.get("data").asText()));
            }
            return new PageResult(inspection, List.copyOf(s.errors()), List.copyOf(s.requests()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            httpJsonQuietly("/json/close/" + targetId);
        }
    }

    private JsonNode httpJson(String method, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
            return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException("DevTools " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void httpJsonQuietly(String path) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException | RuntimeException e) {
            // closing a tab is best effort; the browser goes away in close()
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in the test's temporary folder is harmless
        }
    }

    /** One DevTools connection to a tab: calls, and the events that matter to tests. */
    private static final class Session implements WebSocket.Listener, AutoCloseable {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        Session(URI uri) {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, this).join();
        }

        JsonNode call(String method, Map<String, Object> params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
            msg.set("params", JSON.valueToTree(params));
            socket.sendText(msg.toString(), true).join();
            try {
                JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (reply.has("error")) {
                    throw new IllegalStateException(method + " failed: " + reply.get("error"));
                }
                return reply.path("result");
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(method + " got no answer: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode evaluate(String expression) {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException("'" + expression + "' threw: " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        void await(String event) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (events.stream().noneMatch(e -> event.equals(e.path("method").asText()))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no " + event + " within " + TIMEOUT.toSeconds() + " s; errors: " + errors());
                }
                Thread.sleep(50);
            }
        }

        /** Console errors, uncaught exceptions and error log entries (CSP violations, failed loads). */
        List<String> errors() {
            List<String> out = new ArrayList<>();
            for (JsonNode e : events) {
                String m = e.path("method").asText();
                JsonNode p = e.path("params");
                if (m.equals("Runtime.consoleAPICalled") && (p.path("type").asText().equals("error")
                        || p.path("type").asText().equals("assert"))) {
                    List<String> args = new ArrayList<>();
                    p.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    out.add("console." + p.path("type").asText() + ": " + String.join(" ", args));
                } else if (m.equals("Runtime.exceptionThrown")) {
                    JsonNode d = p.path("exceptionDetails");
                    out.add("uncaught: " + d.path("exception").path("description").asText(d.path("text").asText()));
                } else if (m.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
                    out.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText(""));
                }
            }
            return out;
        }

        /** URLs the page asked for, other than file: and data: ones. */
        List<String> requests() {
            List<String> out = new ArrayList<>();
            for (JsonNode e : events) {
                if (e.path("method").asText().equals("Network.requestWillBeSent")) {
                    String url = e.path("params").path("request").path("url").asText();
                    if (!url.startsWith("file:") && !url.startsWith("data:")) {
                        out.add(url);
                    }
                }
            }
            return out;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(partial.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        events.add(msg);
                    }
                } catch (IOException e) {
                    events.add(JSON.createObjectNode().put("method", "bad-message").put("text", e.getMessage()));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }
}

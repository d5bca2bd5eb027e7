package org.georegistry.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the tests: real requests to the server under test on loopback. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, content type and body, with the body parsed as JSON on demand. */
    public record Reply(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final HttpClient client = newClient();
    private final String base;
    private final String authorization;

    /** Anonymous requests. */
    public Http(int port) {
        this(port, null);
    }

    private Http(int port, String authorization) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = authorization;
    }

    /** Requests with HTTP Basic credentials. */
    public Http as(String user, String password) {
        String token = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), "Basic " + token);
    }

    /** Requests with an API token. */
    public Http withToken(String token) {
        return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), "Bearer " + token);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** GET of a binary body (a zip); fails on any status but 200. */
    public byte[] getBytes(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Reply post(String path, String body) {
        return post(path, "application/json", body);
    }

    public Reply post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Any request, bytes as they are: {@code contentType} null sends none; {@code chunked} hides the length, as a
     * streaming client does. Answers the whole response (headers included), or null when the connection failed.
     * Sent once: a lost answer is the server's fault to find (see UnreadBodyDrain), never retried away here.
     */
    public HttpResponse<String> raw(String method, String path, String contentType, byte[] body, boolean chunked) {
        return rawVia(client, method, path, contentType, body, chunked);
    }

    /** {@link #raw} on a connection of its own, as a browser sends a request again when its connection was closed. */
    public HttpResponse<String> rawAgain(String method, String path, String contentType, byte[] body, boolean chunked) {
        return rawVia(newClient(), method, path, contentType, body, chunked);
    }

    private HttpResponse<String> rawVia(HttpClient via, String method, String path, String contentType, byte[] body,
            boolean chunked) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher)
                .timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return via.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends on a connection of its own: the shared client's pool may hold others the server has closed meanwhile. */
    private static <T> HttpResponse<T> freshConnection(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return newClient().send(request, handler);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static Reply reply(HttpResponse<String> r) {
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /**
     * Reads a Server-Sent-Events stream until an event of the given name arrives (or the stream ends) and
     * answers the data of that event, or null.
     */
    public String awaitEvent(String path, String eventName, Duration cap) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/event-stream").timeout(cap).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        java.util.concurrent.atomic.AtomicReference<java.util.stream.Stream<String>> body =
                new java.util.concurrent.atomic.AtomicReference<>();
        // the request timeout covers the headers only: the whole read is capped here so a test can never hang
        java.util.concurrent.CompletableFuture<String> reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> r = client.send(request.build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    throw new AssertionError("SSE " + path + " answered " + r.statusCode());
                }
                body.set(r.body());
                String event = null;
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && eventName.equals(event)) {
                        return line.substring(5).trim();
                    }
                }
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        try {
            return reading.get(cap.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("No '" + eventName + "' event from " + path + " within " + cap);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("SSE " + path + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            java.util.stream.Stream<String> open = body.get();
            if (open != null) {
                open.close();
            }
        }
    }

    private Reply send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        // generous: a loaded CI machine can take seconds to answer; a timed-out request is never sent again
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        try {
            try {
                return reply(client.send(built, HttpResponse.BodyHandlers.ofString()));
            } catch (java.net.http.HttpTimeoutException slow) {
                return new Reply(-1, "", slow.toString());
            } catch (IOException closed) {
                // a kept-alive connection the server closed just as the client reused it (rare since refusals
                // drain their bodies and say Connection: close). Like browsers, try once more on a fresh one.
                return reply(freshConnection(built, HttpResponse.BodyHandlers.ofString()));
            }
        } catch (IOException e) {
            return new Reply(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

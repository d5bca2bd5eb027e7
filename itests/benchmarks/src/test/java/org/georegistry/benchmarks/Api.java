package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** JSON over HTTP with Basic credentials: the registry's REST API, or the DHIS2 emulator's. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    Api(String base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    int status(String path) {
        try {
            return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return answer("GET " + path, client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode post(String path, byte[] json) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return answer("POST " + path, client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode put(String path, byte[] json) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return answer("PUT " + path, client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** A file as the body, with its own content type (an import's CSV or GeoJSON). */
    JsonNode postFile(String path, String contentType, String content) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(content)).build();
        return answer("POST " + path, client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Reads an answer to the end without keeping it: its size in bytes. */
    long download(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(in.readNBytes(2000), StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
            return total;
        }
    }

    /** The whole answer as bytes. */
    byte[] bytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    String base() {
        return base;
    }

    String authorization() {
        return authorization;
    }

    /** POST whose answer is only checked for success (an import report the caller does not read). */
    int postStatus(String path, byte[] json) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private static JsonNode answer(String what, HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}

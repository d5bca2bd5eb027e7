package org.georegistry.itests.reveal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.georegistry.itests.emulator.EmulatorExchange;

/** One request (path, query, headers, body) and the ways to answer it. */
final class Exchange extends EmulatorExchange {
    private byte[] body;

    Exchange(HttpExchange http) {
        super(http, plainPath(http));
    }

    byte[] body() throws IOException {
        if (body == null) {
            body = http().getRequestBody().readAllBytes();
        }
        return body;
    }

    String bodyText() throws IOException {
        return new String(body(), StandardCharsets.UTF_8);
    }
}

package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts requests, applies faults, authenticates and routes to the token endpoint, OpenSRP or the Reveal API. */
final class Router implements HttpHandler {
    private static final String BAD_GATEWAY = Exchange.proxyPage(502, "Bad Gateway");
    private static final String UNAVAILABLE = Exchange.proxyPage(503, "Service Temporarily Unavailable");

    private final Auth auth;
    private final OpenSrpApi openSrp;
    private final RevealApi reveal;
    private final Faults faults;
    private final CountDownLatch closed;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();

    Router(Auth auth, OpenSrpApi openSrp, RevealApi reveal, Faults faults, CountDownLatch closed) {
        this.auth = auth;
        this.openSrp = openSrp;
        this.reveal = reveal;
        this.faults = faults;
        this.closed = closed;
    }

    int requestCount() {
        return requests.get();
    }

    int requestCount(String path) {
        AtomicInteger n = byPath.get(path);
        return n == null ? 0 : n.get();
    }

    void resetCounters() {
        requests.set(0);
        byPath.clear();
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        Exchange exchange = new Exchange(http);
        try {
            requests.incrementAndGet();
            byPath.computeIfAbsent(exchange.path(), k -> new AtomicInteger()).incrementAndGet();
            Faults.Kind fault = faults.await(exchange.path());
            if (fault != null) {
                fail(exchange, fault);
                return;
            }
            route(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.drop();
        } catch (RuntimeException e) {
            exchange.empty(500);
        }
    }

    private void route(Exchange exchange) throws IOException {
        String path = exchange.path();
        if (path.startsWith(Auth.TOKEN_PATH_PREFIX)) {
            auth.token(exchange);
            return;
        }
        boolean openSrpPath = path.equals(OpenSrpApi.PREFIX) || path.startsWith(OpenSrpApi.PREFIX + "/");
        boolean revealPath = path.startsWith(RevealApi.PREFIX + "/");
        if (!openSrpPath && !revealPath) {
            exchange.empty(404);
            return;
        }
        Auth.Principal principal = auth.principal(exchange.header("Authorization"));
        if (principal == null) {
            exchange.setHeader("WWW-Authenticate", "Bearer realm=\"emulator\"");
            exchange.json(401, Json.NODES.objectNode().put("error", "unauthorized")
                    .put("error_description", "Full authentication is required to access this resource"));
            return;
        }
        if (openSrpPath) {
            openSrp.handle(exchange, principal);
        } else {
            reveal.handle(exchange, principal);
        }
    }

    static ObjectNode accessDenied() {
        return Json.NODES.objectNode().put("error", "access_denied").put("error_description", "Access is denied");
    }

    private void fail(Exchange exchange, Faults.Kind kind) throws IOException, InterruptedException {
        switch (kind) {
            case SERVER_ERROR -> exchange.empty(500);
            case BAD_GATEWAY_HTML -> exchange.html(502, BAD_GATEWAY);
            case UNAVAILABLE_HTML -> exchange.html(503, UNAVAILABLE);
            case CONNECTION_CLOSED -> exchange.drop();
            case HANG -> {
                closed.await();
                exchange.drop();
            }
        }
    }
}

package org.georegistry.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty 12 server, set up the way Felix HTTP does it (a servlet context at /, the connector factories asked
 * once the server runs), answering what it refuses itself with a problem body instead of an empty one or an HTML page.
 */
class JettyErrorPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Server server;
    private int port;
    private Request.Handler jettysOwn;
    private Connector installed;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                switch (req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo()) {
                    case "/ok" -> resp.getWriter().write("fine");
                    case "/boom" -> throw new IllegalStateException("db password is hunter2");
                    default -> resp.sendError(404);
                }
            }
        }, "/*");
        server.setHandler(context);
        server.start();
        port = http.getLocalPort();
        jettysOwn = server.getErrorHandler();
        // what Felix's ConnectorFactoryTracker does with a ConnectorFactory service
        installed = new JettyErrorPages().createConnector(server);
        server.addConnector(installed);
        installed.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void anAmbiguousPathJettyRefusesGetsA400ProblemNamingThePathAndClosesTheConnection() throws Exception {
        Answer a = problem("GET /api/a%2fb HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        assertTrue(a.detail().contains("path"), a.detail());
        assertEquals("close", a.header("connection"));
    }

    @Test
    void everyKindOfMalformedPathJettyRefusesGetsAProblemBody() throws Exception {
        for (String path : new String[] {"/api/%00", "/api/%2e%2e/health", "/api/..;/health", "/api/%zz",
                "/%2e%2e/etc/passwd"}) {
            Answer a = problem("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n", 400);
            // says what is wrong with the path, not only "Bad Request"
            assertTrue(a.detail().matches(".*(path|URI|Path).*"), path + ": " + a.detail());
        }
    }

    @Test
    void aBadHostHeaderGetsA400Problem() throws Exception {
        Answer a = problem("GET /ok HTTP/1.1\r\nHost: a b\r\n\r\n", 400);
        assertTrue(a.detail().contains("Host"), a.detail());
    }

    @Test
    void headersTooLargeGetA431Problem() throws Exception {
        Answer a = problem("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 431);
        assertEquals("The request's headers are larger than the server accepts", a.detail());
    }

    @Test
    void aPathNothingServesGetsA404ProblemInsteadOfAnHtmlPage() throws Exception {
        Answer a = problem("GET /no-such-page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404);
        assertEquals("Nothing is served at /no-such-page", a.detail());
        assertEquals("nosniff", a.header("x-content-type-options"));
        assertEquals("DENY", a.header("x-frame-options"));
        assertEquals("default-src 'none'; frame-ancestors 'none'", a.header("content-security-policy"));
        assertEquals("no-referrer", a.header("referrer-policy"));
        assertEquals("no-store", a.header("cache-control"));
    }

    @Test
    void aFailureInsideTheServerSaysSoWithoutItsMessage() throws Exception {
        Answer a = problem("GET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 500);
        assertFalse(a.body.contains("hunter2"), a.body);
        assertFalse(a.body.contains("IllegalStateException"), a.body);
    }

    @Test
    void whatServesNormallyIsUntouched() throws Exception {
        Answer a = send("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, a.status);
        assertEquals("fine", a.body);
    }

    @Test
    void removingTheFactorysConnectorGivesJettyItsOwnErrorHandlerBack() throws Exception {
        assertNotSame(jettysOwn, server.getErrorHandler());
        installed.stop();
        server.removeConnector(installed);
        assertSame(jettysOwn, server.getErrorHandler());
    }

    /** Sends the request; its answer must be a problem body of this status. */
    private Answer problem(String request, int status) throws IOException {
        Answer a = send(request);
        assertEquals(status, a.status, request);
        assertTrue(a.header("content-type").startsWith("application/problem+json"), a.header("content-type"));
        JsonNode problem = JSON.readTree(a.body);
        assertEquals(status, problem.path("status").asInt(), a.body);
        assertFalse(problem.path("title").asText().isEmpty(), a.body);
        assertFalse(problem.path("detail").asText().isEmpty(), a.body);
        return a;
    }

    /** Sends the bytes as they are (a client library would refuse or re-encode these paths) and reads to the end. */
    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
            return Answer.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    private record Answer(int status, String head, String body) {
        static Answer parse(String raw) {
            int split = raw.indexOf("\r\n\r\n");
            String head = raw.substring(0, split);
            return new Answer(Integer.parseInt(head.split(" ")[1]), head, raw.substring(split + 4));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        String detail() throws IOException {
            return JSON.readTree(body).path("detail").asText();
        }
    }
}

package org.georegistry.itests.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A HAPI FHIR R4 JPA server (H2 in memory) served by Jetty on 127.0.0.1. Start one per test class: it takes a few
 * seconds (Hibernate builds the schema), then answers like any HAPI server: transactions, conditional updates,
 * {@code _include}, paging with {@code next} links.
 */
public final class FhirTestServer implements AutoCloseable {

    private final AnnotationConfigApplicationContext spring;
    private final Server jetty;
    private final String baseUrl;

    private FhirTestServer(AnnotationConfigApplicationContext spring, Server jetty, String baseUrl) {
        this.spring = spring;
        this.jetty = jetty;
        this.baseUrl = baseUrl;
    }

    private static FhirTestServer shared;

    /**
     * One server for every test class of a JVM (Hibernate takes 10 to 40 s to start it); never closed before the
     * JVM exits. Tests sharing it use their own identifier systems or codes.
     */
    public static synchronized FhirTestServer shared() throws Exception {
        if (shared == null) {
            shared = start(0);
        }
        return shared;
    }

    /** Starts a server on a port, 0 for a free one. */
    public static FhirTestServer start(int port) throws Exception {
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(FhirServerConfig.class);
        Server jetty = new Server();
        try {
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder(spring.getBean(RestfulServer.class)), "/fhir/*");
            jetty.setHandler(context);
            jetty.start();
            return new FhirTestServer(spring, jetty, "http://127.0.0.1:" + connector.getLocalPort() + "/fhir");
        } catch (Exception e) {
            jetty.stop();
            spring.close();
            throw e;
        }
    }

    /** The FHIR base, e.g. {@code http://127.0.0.1:41234/fhir}. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            spring.close();
        }
    }
}

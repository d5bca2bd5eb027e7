package org.georegistry.core.internal.http;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Component;

/**
 * Gives the HTTP server the API's problem bodies for the errors it answers itself ({@link ProblemErrorHandler}).
 * Felix HTTP has no setting for Jetty's error handler, but it hands its running {@link Server} to every
 * {@link ConnectorFactory} service: this one installs the handler there and contributes a connector without a port
 * or threads. When the service goes (this bundle stops) Felix stops that connector, which puts Jetty's previous
 * handler back, so no class of this bundle stays in the server; when Felix builds a new server (its configuration
 * changed) it asks again.
 */
@Component(service = ConnectorFactory.class)
public final class JettyErrorPages implements ConnectorFactory {

    @Override
    public Connector createConnector(Server server) {
        Request.Handler previous = server.getErrorHandler();
        ProblemErrorHandler ours = new ProblemErrorHandler();
        server.setErrorHandler(ours);
        return new Restoring(server, previous, ours);
    }

    /** No port, no acceptor thread: it only undoes the installation when stopped. */
    private static final class Restoring extends LocalConnector {
        private final Request.Handler previous;
        private final Request.Handler ours;

        Restoring(Server server, Request.Handler previous, Request.Handler ours) {
            super(server, null, null, null, 0, new HttpConnectionFactory());
            this.previous = previous;
            this.ours = ours;
        }

        /** Jetty logs "Started ..." with this: it must not read like a second HTTP listener. */
        @Override
        public String toString() {
            return "GeoRegistry error pages (no port)";
        }

        @Override
        protected void doStop() throws Exception {
            Server server = getServer();
            if (server.getErrorHandler() == ours) {
                server.setErrorHandler(previous);
            }
            super.doStop();
        }
    }
}

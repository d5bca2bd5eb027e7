package org.georegistry.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the console at {@code /} as the default servlet: the REST API's {@code /api/*} is a longer match and keeps
 * its requests. Files are revalidated on every load ({@code no-cache} with an ETag, so a redeployed console shows at
 * once and an unchanged one costs a 304), and the page may only load its own scripts and talk to its own server.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("georegistry-console")
@HttpWhiteboardServletPattern("/")
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private final transient ConsoleFiles files = new ConsoleFiles(ConsoleServlet.class.getClassLoader());

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Optional<ConsoleFiles.File> found = files.find(path);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        ConsoleFiles.File file = found.get();
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", file.etag());
        if (file.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(file.contentType());
        response.setContentLength(file.body().length);
        response.getOutputStream().write(file.body());
    }
}

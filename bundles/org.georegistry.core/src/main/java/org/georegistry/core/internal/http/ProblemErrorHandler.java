package org.georegistry.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.RequestDispatcher;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.georegistry.core.internal.rest.Json;
import org.georegistry.core.internal.rest.Problem;
import org.georegistry.core.internal.rest.SecurityHeaders;

/**
 * Jetty's error handler for what the API never sees: requests Jetty refuses itself (an ambiguous or badly encoded
 * path, a bad Host header, headers too large), paths no servlet serves, and failures outside the API. Each gets an
 * RFC 9457 problem body and the security headers like the API's own, never an HTML page or an empty body. A
 * server failure's message stays in the log. Every answer says {@code Connection: close}: Jetty ends the connection
 * after a request it refused, and a client not told so sends its next request on it and loses it.
 */
final class ProblemErrorHandler implements Request.Handler {

    private static final int MAX_PATH_SHOWN = 200;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Jetty sets the status before it calls the error handler, for its own refusals and for sendError alike
        int status = response.getStatus() >= 400 ? response.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Problem.of(status, title(status), detail(request, status)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        SecurityHeaders.HEADERS.forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String title(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "Error" : reason;
    }

    private static String detail(Request request, int status) {
        if (status >= 500) {
            return "The server failed to answer this request; its log says why";
        }
        String path = shown(request.getHttpURI().getPath());
        return switch (status) {
            case HttpStatus.NOT_FOUND_404 -> Problem.nothingServedAt(path);
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> request.getMethod() + " is not allowed at " + path;
            case HttpStatus.URI_TOO_LONG_414 -> "The request's URI is longer than the server accepts";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 ->
                    "The request's headers are larger than the server accepts";
            default -> "The request was refused before the API saw it: " + reason(request, status);
        };
    }

    /**
     * Jetty's reason names the part of the request at fault ("Ambiguous URI path separator", "Bad HostPort"); where
     * it only repeats the status, its cause does ("Illegal character in path").
     */
    private static String reason(Request request, int status) {
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (message == null) {
            message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        }
        String text = message == null ? "" : message.toString();
        if (!text.isBlank() && !text.equals(HttpStatus.getMessage(status))) {
            return text;
        }
        Throwable cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof Throwable t ? t.getCause() : null;
        if (cause instanceof NumberFormatException) {
            return "bad percent-encoding in the URI";
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return title(status);
    }

    private static String shown(String path) {
        if (path == null) {
            return "(no path)";
        }
        return path.length() <= MAX_PATH_SHOWN ? path : path.substring(0, MAX_PATH_SHOWN) + "...";
    }
}

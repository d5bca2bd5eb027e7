package org.georegistry.core.internal.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.georegistry.core.internal.store.DuplicateException;
import org.georegistry.core.internal.store.InUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception policy of the API: every failure becomes an {@code application/problem+json} body. Client
 * mistakes are 4xx naming what was wrong; anything unexpected is logged once with a reference and answered 500
 * without internals.
 */
public final class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    static final String STORAGE_DOWN = "The registry's database is not open yet (GET /api/health tells when it is);"
            + " try again shortly";

    /** Seconds a client is asked to wait (Retry-After) on a 503: each says "try again shortly". */
    static final int RETRY_AFTER_SECONDS = 5;

    @Context
    private UriInfo uriInfo;

    private final BooleanSupplier storageUp;

    /**
     * @param storageUp whether the database is open: the resources that need it are not served until it is, and
     *                  a request for one of them then gets 503 rather than a 404 that would say it does not exist
     */
    public ProblemMapper(BooleanSupplier storageUp) {
        this.storageUp = storageUp;
    }

    @Override
    public Response toResponse(Throwable failure) {
        Problem problem = problemFor(failure);
        Response response = respond(problem);
        if (problem.status() == 503) {
            response.getHeaders().putSingle("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        return response;
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    Problem problemFor(Throwable failure) {
        Throwable t = failure instanceof ProcessingException && failure.getCause() != null ? failure.getCause() : failure;
        if (apiCause(t) instanceof ApiException api) {
            return api.problem();
        }
        if (t instanceof DuplicateException || t instanceof InUseException) {
            return ApiException.conflict(t.getMessage()).problem();
        }
        if (t instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        if (t instanceof NotFoundException) {
            if (!storageUp.getAsBoolean()) {
                return ApiException.unavailable(STORAGE_DOWN).problem();
            }
            String path = uriInfo == null ? "this path" : uriInfo.getRequestUri().getPath();
            return ApiException.notFound(Problem.nothingServedAt(path)).problem();
        }
        if (t instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return Problem.of(status.getStatusCode(), status.getReasonPhrase(), clientMessage(web, status));
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected failure answering a request (reference {})", reference, t);
        return Problem.of(500, "Internal Server Error", "The server failed unexpectedly; reference " + reference);
    }

    /**
     * The API's own failure behind a parser's: a body streamed past the size limit fails inside Jackson, which may
     * wrap it (as "label: Invalid value" when it happens in a string), and the answer is still the 413.
     */
    private static Throwable apiCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiException) {
                return c;
            }
        }
        return t;
    }

    private static String clientMessage(WebApplicationException web, Response.StatusType status) {
        return switch (status.getStatusCode()) {
            case 405 -> "Method not allowed here; allowed: " + web.getResponse().getAllowedMethods();
            case 415 -> "Unsupported content type; send application/json";
            case 406 -> "Cannot produce the requested media type; accept application/json";
            default -> status.getReasonPhrase();
        };
    }

    static Problem jsonProblem(JsonProcessingException e) {
        if (e.getCause() instanceof JsonProcessingException cause && !(e instanceof InvalidFormatException)) {
            // databind wraps syntax errors met while binding (e.g. "[}") in a mapping exception
            if (cause instanceof JsonParseException || cause instanceof StreamConstraintsException) {
                return jsonProblem(cause);
            }
        }
        if (e instanceof StreamConstraintsException) {
            return Problem.of(400, "Malformed JSON", "The JSON body is too deeply nested or too large");
        }
        if (e instanceof JsonParseException parse) {
            String where = parse.getLocation() == null
                    ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
            return Problem.of(400, "Malformed JSON", "The body is not valid JSON" + where);
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            String message;
            if (mapping instanceof UnrecognizedPropertyException) {
                message = "Unknown field";
            } else if (mapping instanceof InvalidFormatException format) {
                message = "Invalid value '" + format.getValue() + "'";
            } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                message = "Expected " + describe(mismatch.getTargetType());
            } else {
                message = "Invalid value";
            }
            if (field.isEmpty()) {
                return Problem.of(400, "Invalid request", message + " in the request body");
            }
            return Problem.of(400, "Invalid request", field + ": " + message,
                    List.of(new Problem.FieldError(field, message)));
        }
        return Problem.of(400, "Malformed JSON", "The body could not be read as JSON");
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** The JSON path of a mapping error, e.g. {@code levels[2].type}. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}

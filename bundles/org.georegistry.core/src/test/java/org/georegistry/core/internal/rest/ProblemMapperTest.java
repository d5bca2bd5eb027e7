package org.georegistry.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    /** A request body shape like the ones resources read. */
    public record Level(String type, int number) {}

    public record Config(String label, List<Level> levels) {}

    private static Problem problemFor(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> Json.MAPPER.readValue(json, Config.class));
        return ProblemMapper.jsonProblem(e);
    }

    @Test
    void aBodyStreamedPastTheLimitInsideAStringIsA413NotAnInvalidValue() {
        byte[] body = ("{\"label\": \"" + "a".repeat(100_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Exception e = assertThrows(Exception.class, () -> Json.MAPPER.readValue(
                new BodyLimitFilter.Limited(new java.io.ByteArrayInputStream(body), 20_000),
                org.georegistry.core.internal.model.Organization.class));
        // what Jackson makes of it in a localized text: the limit's failure wrapped as a mapping error on "label"
        assertTrue(e instanceof JsonProcessingException, e.toString());
        Problem p = new ProblemMapper(() -> true).problemFor(e);
        assertEquals(413, p.status(), p.detail());
    }

    @Test
    void malformedJsonSaysWhere() {
        Problem p = problemFor("{\"label\": \"x\",\n \"levels\": [}");
        assertEquals(400, p.status());
        assertTrue(p.detail().contains("line 2"), p.detail());
    }

    @Test
    void wrongTypeNamesTheFieldPath() {
        Problem p = problemFor("{\"label\": \"x\", \"levels\": [{\"type\": \"a\", \"number\": 1}, {\"number\": \"two\"}]}");
        assertEquals("levels[1].number", p.errors().get(0).field());
    }

    @Test
    void unknownFieldIsNamed() {
        Problem p = problemFor("{\"label\": \"x\", \"colour\": 1}");
        assertEquals("colour", p.errors().get(0).field());
        assertEquals("Unknown field", p.errors().get(0).message());
    }

    @Test
    void tooDeepJsonIsRejectedAsMalformed() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 10) + "]".repeat(Json.MAX_NESTING_DEPTH + 10);
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> Json.MAPPER.readValue(deep, Object.class));
        assertEquals(400, ProblemMapper.jsonProblem(e).status());
    }

    @Test
    void clientErrorsKeepTheirStatusAndUnexpectedOnesHideInternals() {
        ProblemMapper mapper = new ProblemMapper(() -> true);
        Problem bug = mapper.problemFor(new NullPointerException("secret internal detail"));
        assertEquals(500, bug.status());
        assertFalse(bug.detail().contains("secret"));
        Problem api = mapper.problemFor(ApiException.invalid(List.of(new Problem.FieldError("code", "taken"))));
        assertEquals(Map.of("code", "taken"), Map.of(api.errors().get(0).field(), api.errors().get(0).message()));
    }

    @Test
    void whileTheDatabaseIsNotOpenAnUnservedPathIsUnavailableNotMissing() {
        boolean[] up = {false};
        ProblemMapper mapper = new ProblemMapper(() -> up[0]);
        jakarta.ws.rs.core.Response down = mapper.toResponse(new jakarta.ws.rs.NotFoundException());
        assertEquals(503, down.getStatus());
        assertEquals("5", down.getHeaderString("Retry-After"));
        assertTrue(((Problem) down.getEntity()).detail().contains("/api/health"));
        up[0] = true;
        jakarta.ws.rs.core.Response missing = mapper.toResponse(new jakarta.ws.rs.NotFoundException());
        assertEquals(404, missing.getStatus());
        assertEquals(null, missing.getHeaderString("Retry-After"));
    }
}

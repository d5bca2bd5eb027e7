package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Basic authentication, personal access tokens from 2.37 (DESIGN.md section 4), 401 or the login redirect. */
class AuthTest {
    private static final String TOKEN = "d2pat_5xVA12xyUbWNedQxy4ohH77WlxRGVvZZ1151814092";

    private static Dhis2Emulator.Config config(String version) {
        return new Dhis2Emulator.Config().version(version).user("sync", "S3cret!").apiToken(TOKEN, "sync");
    }

    /** Without or with wrong credentials: 401, DHIS2's JSON WebMessage and a Basic challenge. */
    @Test
    void badCredentialsAre401WithAWebMessage() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(config("2.40.5"))) {
            for (String authorization : new String[] {null, TestApi.basic("sync", "wrong"),
                TestApi.basic("admin", "district"), "ApiToken d2pat_unknown"}) {
                HttpResponse<String> response = new TestApi(dhis2, authorization).get("/api/system/info");
                assertEquals(401, response.statusCode(), "with " + authorization);
                JsonNode body = TestApi.json(response);
                assertEquals("Unauthorized", body.get("httpStatus").asText());
                assertEquals(401, body.get("httpStatusCode").asInt());
                assertEquals("ERROR", body.get("status").asText());
                assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            }
            assertEquals(200, new TestApi(dhis2, TestApi.basic("sync", "S3cret!")).get("/api/system/info")
                    .statusCode());
        }
    }

    /** Personal access tokens (Authorization: ApiToken d2pat_...) exist from 2.37 on; 2.36 does not know them. */
    @Test
    void apiTokensFrom237() {
        try (Dhis2Emulator current = Dhis2Emulator.start(config("2.37.7"));
                Dhis2Emulator old = Dhis2Emulator.start(config("2.36.11"))) {
            assertEquals(200, new TestApi(current, "ApiToken " + TOKEN).get("/api/system/info").statusCode());
            assertEquals(401, new TestApi(old, "ApiToken " + TOKEN).get("/api/system/info").statusCode());
            assertEquals(200, new TestApi(old, TestApi.basic("sync", "S3cret!")).get("/api/system/info").statusCode());
        }
    }

    /** A browser-style DHIS2 answers bad credentials with 302 to its login page, which itself is HTML. */
    @Test
    void loginRedirectMode() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(config("2.38.4").redirectToLoginOnBadCredentials(true))) {
            HttpResponse<String> response = new TestApi(dhis2, TestApi.basic("sync", "wrong"))
                    .get("/api/organisationUnits");
            assertEquals(302, response.statusCode());
            String location = response.headers().firstValue("Location").orElseThrow();
            assertEquals(dhis2.baseUrl() + "/dhis-web-commons/security/login.action", location);
            HttpResponse<String> login = new TestApi(dhis2, null).get("/dhis-web-commons/security/login.action");
            assertEquals(200, login.statusCode());
            assertTrue(login.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        }
    }
}

package org.georegistry.itests.reveal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP Basic, and Keycloak's token endpoint (client_credentials and password grants, its error codes). */
class AuthTest {
    private RevealEmulator reveal;
    private Client anonymous;

    @BeforeEach
    void start() {
        reveal = RevealEmulator.start(new RevealEmulator.Config().realm("reveal").user("admin", "pw")
                .readOnlyUser("viewer", "pw").client("georegistry", "s3cret").tokenLifetime(Duration.ofMinutes(1)));
        anonymous = new Client(reveal, null);
    }

    @AfterEach
    void stop() {
        reveal.close();
    }

    private HttpResponse<String> token(String form) {
        return anonymous.form("/auth/realms/reveal/protocol/openid-connect/token", form);
    }

    private Client bearer(HttpResponse<String> token) {
        return new Client(reveal, "Bearer " + Client.json(token).path("access_token").asText());
    }

    /** Keycloak answers {access_token, expires_in, token_type: Bearer, ...}; the token opens both APIs. */
    @Test
    void clientCredentialsAndPasswordGrants() {
        HttpResponse<String> service = token("grant_type=client_credentials&client_id=georegistry&client_secret=s3cret");
        assertEquals(200, service.statusCode(), service.body());
        JsonNode body = Client.json(service);
        assertEquals("Bearer", body.path("token_type").asText());
        assertEquals(60, body.path("expires_in").asInt());
        assertEquals(200, bearer(service).get("/api/v1/geographicLevel").statusCode());
        assertEquals(201, bearer(service).post("/rest/location/add?is_jurisdiction=true", "[]").statusCode());

        HttpResponse<String> user = token("grant_type=password&client_id=georegistry&client_secret=s3cret&username=admin&password=pw");
        assertEquals(200, user.statusCode());
        assertEquals(200, bearer(user).get("/rest/location/sync?serverVersion=0&is_jurisdiction=true").statusCode());
        assertEquals(2, reveal.tokensIssued());
        reveal.expireTokens();
        assertEquals(401, bearer(user).get("/api/v1/geographicLevel").statusCode(), "an expired token is refused");
    }

    /** Keycloak's error codes: invalid_client, unauthorized_client, invalid_grant, unsupported_grant_type, invalid_request. */
    @Test
    void tokenErrors() {
        assertEquals("invalid_client", Client.json(token("grant_type=client_credentials&client_id=nobody&client_secret=x"))
                .path("error").asText());
        HttpResponse<String> badSecret = token("grant_type=client_credentials&client_id=georegistry&client_secret=wrong");
        assertEquals(401, badSecret.statusCode());
        assertEquals("unauthorized_client", Client.json(badSecret).path("error").asText());
        HttpResponse<String> badUser = token("grant_type=password&client_id=georegistry&client_secret=s3cret&username=admin&password=no");
        assertEquals(401, badUser.statusCode());
        assertEquals("Invalid user credentials", Client.json(badUser).path("error_description").asText());
        assertEquals("unsupported_grant_type", Client.json(token("grant_type=implicit&client_id=georegistry&client_secret=s3cret"))
                .path("error").asText());
        assertEquals("invalid_request", Client.json(token("client_id=georegistry")).path("error").asText());
        assertEquals(404, anonymous.form("/auth/realms/other/protocol/openid-connect/token", "grant_type=password").statusCode());
        // the client may also authenticate with HTTP Basic, as Keycloak accepts
        HttpResponse<String> basicClient = new Client(reveal, Client.basic("georegistry", "s3cret"))
                .form("/auth/realms/reveal/protocol/openid-connect/token", "grant_type=client_credentials");
        assertEquals(200, basicClient.statusCode());
    }

    /** Basic credentials; a user with read roles only is refused writes with 403. */
    @Test
    void basicAndPermissions() {
        assertEquals(401, anonymous.get("/api/v1/geographicLevel").statusCode());
        assertEquals(401, new Client(reveal, Client.basic("admin", "wrong")).get("/api/v1/geographicLevel").statusCode());
        Client viewer = new Client(reveal, Client.basic("viewer", "pw"));
        assertEquals(200, viewer.get("/api/v1/geographicLevel").statusCode());
        assertEquals(403, viewer.post("/api/v1/geographicLevel", "{\"title\":\"A\",\"name\":\"a\"}").statusCode());
        assertEquals(403, viewer.post("/rest/location/add?is_jurisdiction=true", "[]").statusCode());
        assertEquals(201, new Client(reveal, Client.basic("admin", "pw")).post("/api/v1/geographicLevel",
                "{\"title\":\"A\",\"name\":\"a\"}").statusCode());
    }
}

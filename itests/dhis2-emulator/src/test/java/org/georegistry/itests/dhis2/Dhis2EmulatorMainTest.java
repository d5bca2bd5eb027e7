package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The standalone emulator, started as benchmarks start it: a separate JVM with command-line options. */
class Dhis2EmulatorMainTest {

    @Test
    void runsStandaloneWithTheGivenVersionUserAndSeed() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Dhis2EmulatorMain.class.getName(), "--port", "0", "--version", "2.38.4", "--user", "bench:pw:1",
                "--seed", Fixtures.dhis2("e2e/setup-metadata.json").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "no output from the emulator");
            assertTrue(line.contains("listening on http://127.0.0.1:"), line);
            String api = line.substring(line.indexOf("http://"));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(api + "/organisationUnits/DiszpKrYNg8?fields=level"))
                    .header("Authorization", TestApi.basic("bench", "pw:1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(4, TestApi.json(response).get("level").asInt());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the emulator stops on SIGTERM");
        }
    }
}

package org.georegistry.sync.reveal.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.reveal.RevealEmulator;

/** Settings and a small hierarchy shared by the provider's tests: three Zambian levels nested in space. */
final class Fixtures {

    static final String ZAMBIA = square(20, -20, 14);
    static final String LUSAKA = square(27, -16, 2);
    static final String CHONGWE = square(28, -15.5, 0.4);
    static final String KAFUE = square(27.5, -15.2, 0.4);
    static final String CLINIC = "{\"type\":\"Point\",\"coordinates\":[28.1,-15.4]}";

    /** Short, so that fault tests with a hanging server take seconds. */
    static final int READ_TIMEOUT_SECONDS = 2;

    private Fixtures() {}

    /** Quick retries, so fault tests take milliseconds. */
    static RevealSyncProvider provider() {
        return new RevealSyncProvider(Duration.ofMillis(5));
    }

    static String square(double x, double y, double size) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x + "," + y + "],[" + (x + size) + "," + y + "],["
                + (x + size) + "," + (y + size) + "],[" + x + "," + (y + size) + "],[" + x + "," + y + "]]]}";
    }

    static Settings basic(RevealEmulator reveal, String api) {
        return Settings.of(Map.of("url", reveal.baseUrl() + "/", "api", api, "auth", "BASIC", "username", "admin",
                "password", "admin", "readTimeoutSeconds", READ_TIMEOUT_SECONDS));
    }

    static Settings oauth(RevealEmulator reveal, String api) {
        return Settings.of(Map.of("url", reveal.baseUrl(), "api", api, "auth", "OAUTH2", "tokenUrl", reveal.tokenUrl(),
                "clientId", "reveal", "clientSecret", "secret", "readTimeoutSeconds", READ_TIMEOUT_SECONDS));
    }

    static Settings config(Object... extra) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("hierarchy", TestJob.HIERARCHY));
        for (int i = 0; i < extra.length; i += 2) {
            values.put((String) extra[i], extra[i + 1]);
        }
        return Settings.of(values);
    }

    /** Zambia > Lusaka > Chongwe, Kafue > a clinic: country, province, district, facility. */
    static TestJob hierarchy(Settings system, Settings config) {
        return new TestJob(system, config, "country", "province", "district", "facility")
                .add("country", "ZM", "Zambia", null, null, ZAMBIA)
                .add("province", "LSK", "Lusaka", "country", "ZM", LUSAKA)
                .add("district", "CHO", "Chongwe", "province", "LSK", CHONGWE)
                .add("district", "KAF", "Kafue", "province", "LSK", KAFUE)
                .add("facility", "F1", "Chongwe Clinic", "district", "CHO", CLINIC);
    }
}

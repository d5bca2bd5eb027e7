package org.georegistry.core.internal.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.junit.jupiter.api.Test;

class SettingsValidatorTest {

    private static final List<SettingDescriptor> DESCRIPTORS = List.of(
            SettingDescriptor.required("url", "URL", SettingType.URL),
            SettingDescriptor.secret("password", "Password", true),
            SettingDescriptor.optional("pageSize", "Page size", SettingType.INTEGER),
            SettingDescriptor.optional("geometry", "Geometry", SettingType.BOOLEAN),
            SettingDescriptor.choice("auth", "Auth", false, List.of("BASIC", "TOKEN")));

    private static List<SettingProblem> validate(Map<String, Object> values) {
        return SettingsValidator.validate(DESCRIPTORS, values, "settings.", s -> List.of());
    }

    private static Map<String, Object> valid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", "https://play.dhis2.org/40");
        m.put("password", "district");
        return m;
    }

    @Test
    void acceptsValidSettings() {
        assertEquals(List.of(), validate(valid()));
    }

    @Test
    void namesEachBadFieldWithItsPrefix() {
        Map<String, Object> m = valid();
        m.put("url", "ftp://example.org");
        m.put("pageSize", "fifty");
        m.put("geometry", "yes");
        m.put("auth", "KERBEROS");
        m.put("colour", "blue");
        m.remove("password");
        List<SettingProblem> problems = validate(m);
        assertEquals(List.of("settings.colour", "settings.url", "settings.password", "settings.pageSize",
                "settings.geometry", "settings.auth"), problems.stream().map(SettingProblem::field).toList());
        assertTrue(problems.get(1).message().contains("http"));
        assertEquals("Required", problems.get(2).message());
    }

    @Test
    void rejectsUrlsWithoutHostAndOverlongText() {
        Map<String, Object> m = valid();
        m.put("url", "http://");
        m.put("password", "x".repeat(SettingsValidator.MAX_TEXT + 1));
        List<SettingProblem> problems = validate(m);
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void providerChecksRunAfterwardsAndDoNotRepeatAField() {
        Map<String, Object> m = valid();
        m.put("url", "not a url");
        List<SettingProblem> problems = SettingsValidator.validate(DESCRIPTORS, m, "", s -> List.of(
                new SettingProblem("url", "duplicate of the type error"),
                new SettingProblem("password", "too short for DHIS2")));
        assertEquals(List.of("url", "password"), problems.stream().map(SettingProblem::field).toList());
        assertEquals("too short for DHIS2", problems.get(1).message());
    }

    @Test
    void aProviderThatThrowsWhileValidatingIsReportedNotPropagated() {
        List<SettingProblem> problems = SettingsValidator.validate(DESCRIPTORS, valid(), "settings.", s -> {
            throw new IllegalStateException("bug in provider");
        });
        assertEquals(1, problems.size());
        assertEquals("settings", problems.get(0).field());
    }
}

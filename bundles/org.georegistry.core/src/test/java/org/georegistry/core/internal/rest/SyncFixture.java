package org.georegistry.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncProvider;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.jobs.SyncRuns;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.providers.TestProviders;
import org.georegistry.core.internal.secrets.SecretBox;
import org.georegistry.core.internal.store.Database;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.SyncStorage;
import org.georegistry.core.internal.store.TestDatabases;
import org.osgi.framework.ServiceReference;

/** Both sync resources over real stores on H2, a real provider registry with {@link TestProvider}, and callers. */
final class SyncFixture implements AutoCloseable {

    static final String PASSWORD = "district-Secret-42";

    static final SecurityContext SRA = context(Set.of(Role.SRA), null);
    static final SecurityContext RA_MOH = context(Set.of(Role.RA), "moh");
    static final SecurityContext RC_MOH = context(Set.of(Role.RC), "moh");
    static final SecurityContext RA_MOF = context(Set.of(Role.RA), "mof");

    final Database db = TestDatabases.h2();
    final Storage storage = new Storage(db);
    final SyncStorage sync;
    final ProviderRegistry providers = new ProviderRegistry();
    final ServiceReference<SyncProvider> providerRef = TestProviders.add(providers, new TestProvider());
    final TestRuns runs = new TestRuns();
    final ExternalSystemsResource systems;
    final SyncConfigsResource configs;

    SyncFixture(Path dir) throws Exception {
        sync = SyncStorage.over(db, SecretBox.open(dir.resolve("secret.key")));
        systems = new ExternalSystemsResource(storage, sync, providers);
        configs = new SyncConfigsResource(storage, sync, providers);
        systems.runs = runs; // as DS binds the job engine when it runs
        configs.runs = runs;
        storage.organizations().create(new Organization("moh", LocalizedText.of("Ministry of Health")));
        storage.organizations().create(new Organization("mof", LocalizedText.of("Ministry of Finance")));
        for (String org : List.of("moh", "mof")) {
            storage.types().create(new GeoObjectType(org + "-district", org, LocalizedText.of("District"),
                    GeometryType.MULTIPOLYGON, List.of()));
            storage.hierarchies().create(new Hierarchy(org + "-admin", org, LocalizedText.of("Admin"),
                    List.of(new Hierarchy.Node(org + "-district", null))));
        }
    }

    @Override
    public void close() {
        db.close();
    }

    static SecurityContext context(Set<Role> roles, String organization) {
        Caller caller = new Caller(new User(1, "user-" + roles.iterator().next().name().toLowerCase(), organization,
                roles, Instant.now()));
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
    }

    static ExternalSystemsResource.ExternalSystemInput systemInput(String id, String organization, Map<String, Object> settings) {
        return new ExternalSystemsResource.ExternalSystemInput(id, TestProvider.TYPE, organization,
                LocalizedText.of("System " + id), null, settings);
    }

    static Map<String, Object> settings(String url) {
        return Map.of("url", url, "username", "admin", "password", PASSWORD);
    }

    ExternalSystemsResource.ExternalSystemView createSystem(String id, String organization) {
        return (ExternalSystemsResource.ExternalSystemView) systems
                .create(SRA, systemInput(id, organization, settings("https://" + id + ".example.org")))
                .getEntity();
    }

    static SyncFixture.ConfigInputBuilder config(String system) {
        return new ConfigInputBuilder(system);
    }

    /** Builds configuration inputs: a valid export by default, one field changed per test. */
    static final class ConfigInputBuilder {
        String system;
        String organization;
        org.georegistry.core.internal.model.Direction direction = org.georegistry.core.internal.model.Direction.EXPORT;
        String hierarchy;
        Map<String, Object> settings = Map.of("levels", List.of(Map.of("type", "moh-district")));
        String cron;

        ConfigInputBuilder(String system) {
            this.system = system;
        }

        ConfigInputBuilder set(java.util.function.Consumer<ConfigInputBuilder> change) {
            change.accept(this);
            return this;
        }

        SyncConfigsResource.SyncConfigInput build() {
            return new SyncConfigsResource.SyncConfigInput(LocalizedText.of("Districts"), organization, system, direction,
                    hierarchy, settings, cron);
        }
    }

    /**
     * Asserts a request fails as a client would see it (through the API's exception mapping): with a status and,
     * when given, a field error on {@code field}; answers the problem.
     */
    static Problem refused(int status, String field, org.junit.jupiter.api.function.Executable request) {
        Throwable t = assertThrows(Throwable.class, request);
        Problem problem = new ProblemMapper(() -> true).problemFor(t);
        org.junit.jupiter.api.Assertions.assertEquals(status, problem.status(), problem.detail());
        if (field != null) {
            org.junit.jupiter.api.Assertions.assertTrue(
                    problem.errors().stream().anyMatch(f -> f.field().equals(field)),
                    "no error on " + field + ": " + problem.errors());
        }
        return problem;
    }

    /** A provider of type "test": exports only; URL, user, password (secret) and optional token (secret). */
    static final class TestProvider implements SyncProvider {
        static final String TYPE = "test";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String label() {
            return "Test system";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.EXPORT);
        }

        @Override
        public List<SettingDescriptor> systemSettings() {
            return List.of(SettingDescriptor.required("url", "URL", SettingType.URL),
                    SettingDescriptor.required("username", "User", SettingType.TEXT),
                    SettingDescriptor.secret("password", "Password", true),
                    SettingDescriptor.secret("token", "Token", false));
        }

        @Override
        public List<SettingDescriptor> configSettings() {
            return List.of(SettingDescriptor.required("levels", "Levels", SettingType.JSON));
        }

        @Override
        public List<SettingProblem> validateConfigSettings(Settings system, Settings config) {
            List<SettingProblem> problems = new ArrayList<>();
            if (config.get("levels") instanceof List<?> levels) {
                for (int i = 0; i < levels.size(); i++) {
                    if (!(levels.get(i) instanceof Map<?, ?> level) || level.get("type") == null) {
                        problems.add(new SettingProblem("levels[" + i + "].type", "Required"));
                    }
                }
            }
            return problems;
        }

        @Override
        public ConnectionTestResult testConnection(Settings settings) {
            if (settings.text("url", "").contains("boom")) {
                throw new IllegalStateException("connection reset");
            }
            return ConnectionTestResult.succeeded("2.40", PASSWORD.equals(settings.text("password", "")), "Logged in");
        }

        @Override
        public Map<String, Object> options(Settings system, Settings config) {
            if (system.text("url", "").contains("down")) {
                throw new IllegalStateException("HTTP 503 from the server");
            }
            return Map.of("attributes", List.of("population"), "user", system.text("username", ""));
        }
    }

    /** The job engine's seam, recording what it is asked. */
    static final class TestRuns implements SyncRuns {
        final List<String> runs = new ArrayList<>();
        final Set<Long> busy = new HashSet<>();

        @Override
        public Response run(SyncConfig config, String username, boolean dryRun, boolean full) {
            runs.add(config.id() + " by " + username + (dryRun ? " dry" : "") + (full ? " full" : ""));
            return Response.accepted().build();
        }

        @Override
        public Object history(SyncConfig config, int page, int pageSize) {
            return Map.of("items", List.of(), "page", page, "pageSize", pageSize, "total", 0);
        }

        @Override
        public boolean busy(long configId) {
            return busy.contains(configId);
        }
    }
}

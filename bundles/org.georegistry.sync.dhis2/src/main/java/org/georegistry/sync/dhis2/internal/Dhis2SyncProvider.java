package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Exports the registry's hierarchy to DHIS2 2.31 to 2.42 as organisation units, imports DHIS2's organisation units
 * into the registry, and offers the DHIS2 app that opens the registry from DHIS2's menu.
 */
@Component(property = SyncProvider.TYPE_PROPERTY + "=" + Dhis2SyncProvider.TYPE)
public final class Dhis2SyncProvider implements SyncProvider {

    static final String TYPE = "dhis2";
    private static final String SYSTEM_INFO = "/system/info";

    private final ObjectMapper mapper = new ObjectMapper();
    /** One HTTP client per connect timeout (a client-wide setting): they pool connections and are thread-safe. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration firstRetryDelay;

    @Activate
    public Dhis2SyncProvider() {
        this(HttpTransport.DEFAULT_FIRST_DELAY);
    }

    /** With a shorter wait before the first retry, for tests. */
    Dhis2SyncProvider(Duration firstRetryDelay) {
        this.firstRetryDelay = firstRetryDelay;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "DHIS2";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT, Capability.IMPORT);
    }

    @Override
    public List<SettingDescriptor> systemSettings() {
        List<SettingDescriptor> settings = new ArrayList<>(List.of(
                SettingDescriptor.required(Dhis2Client.URL, "URL", SettingType.URL)
                        .withDescription("Address of the DHIS2 server, e.g. https://play.dhis2.org/40.5.0"),
                SettingDescriptor.optional(Dhis2Client.USERNAME, "Username", SettingType.TEXT),
                SettingDescriptor.secret(Dhis2Client.PASSWORD, "Password", false),
                SettingDescriptor.secret(Dhis2Client.TOKEN, "Personal access token", false)
                        .withDescription("Used instead of username and password (DHIS2 2.37 or later)")));
        settings.addAll(HttpTransport.descriptors());
        return settings;
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        return List.of(
                SettingDescriptor.required(ExportConfig.HIERARCHY, "Hierarchy", SettingType.TEXT),
                SettingDescriptor.required(ExportConfig.LEVELS, "Levels", SettingType.JSON).withDescription(
                        "Ordered list of {type, syncType: ORG_UNITS|RELATIONSHIPS|ALL|NONE, orgUnitGroups: [ids],"
                                + " dhis2Level (imports), attributes: [{source, target, type: VALUE|OPTION_SET|"
                                + "ORG_UNIT_GROUP, terms: {term code: option code or group id}}]}"),
                SettingDescriptor.optional(ExportConfig.PREFERRED_LOCALE, "Preferred locale", SettingType.TEXT)
                        .withDescription("Locale of the names sent; the others become translations"),
                SettingDescriptor.optional(ExportConfig.INCLUDE_GEOMETRY, "Send geometries", SettingType.BOOLEAN)
                        .withDescription("Default true"),
                SettingDescriptor.optional(ExportConfig.SYNC_NON_EXISTENT, "Create units no longer valid",
                        SettingType.BOOLEAN).withDescription("Default false: objects whose validity ended are only"
                                + " updated in DHIS2 (closedDate), not created"));
    }

    @Override
    public List<SettingProblem> validateSystemSettings(Settings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        String url = settings.text(Dhis2Client.URL, "");
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                problems.add(new SettingProblem(Dhis2Client.URL, "Give an http or https address with a host"));
            } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(new SettingProblem(Dhis2Client.URL,
                        "Give the address without credentials, query or fragment: credentials have their own fields"));
            }
        } catch (URISyntaxException e) {
            problems.add(new SettingProblem(Dhis2Client.URL, "Not a valid address"));
        }
        problems.addAll(HttpTransport.problems(settings));
        if (!settings.has(Dhis2Client.TOKEN)) {
            if (!settings.has(Dhis2Client.USERNAME)) {
                problems.add(new SettingProblem(Dhis2Client.USERNAME,
                        "Give a username and password, or a personal access token"));
            } else if (!settings.has(Dhis2Client.PASSWORD)) {
                problems.add(new SettingProblem(Dhis2Client.PASSWORD, "Give the password of " 
                        + settings.text(Dhis2Client.USERNAME, "") + ", or a personal access token"));
            }
        }
        return problems;
    }

    /**
     * The configuration's own rules, then, when DHIS2 can be reached, what it says: levels, groups, attributes and
     * option codes that exist. An unreachable DHIS2 does not block saving; the run reports what is wrong then.
     */
    @Override
    public List<SettingProblem> validateConfigSettings(Settings systemSettings, Settings configSettings) {
        ExportConfig.Read read = ExportConfig.read(configSettings, mapper);
        if (read.config() == null || !validateSystemSettings(systemSettings).isEmpty()) {
            return read.problems();
        }
        try {
            return Dhis2Catalog.read(quickClient(systemSettings)).problems(read.config());
        } catch (Dhis2Exception e) {
            return List.of();
        }
    }

    /**
     * The live choices of the configuration form: DHIS2 levels, the attributes that apply to organisation units
     * with the registry types they take, their option sets, the organisation unit groups and the locales.
     */
    @Override
    public Map<String, Object> options(Settings systemSettings, Settings configSettings) {
        List<SettingProblem> problems = validateSystemSettings(systemSettings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).field() + ": " + problems.get(0).message());
        }
        Dhis2Client client = quickClient(systemSettings);
        try {
            return Dhis2Catalog.read(client).options(version(client));
        } catch (Dhis2Exception e) {
            throw new IllegalStateException(withTokenHint(e, systemSettings), e);
        }
    }

    @Override
    public ConnectionTestResult testConnection(Settings systemSettings) {
        List<SettingProblem> problems = validateSystemSettings(systemSettings);
        if (!problems.isEmpty()) {
            return ConnectionTestResult.failed(problems.get(0).field() + ": " + problems.get(0).message());
        }
        try {
            Dhis2Version version = version(quickClient(systemSettings));
            if (!version.supported()) {
                return ConnectionTestResult.succeeded(version.text(), false, "Connected to DHIS2 " + version
                        + ", which this provider does not support (2.31 to 2.42)");
            }
            return ConnectionTestResult.succeeded(version.text(), true, "Connected to DHIS2 " + version);
        } catch (Dhis2Exception e) {
            return ConnectionTestResult.failed(withTokenHint(e, systemSettings));
        } catch (RuntimeException e) {
            return ConnectionTestResult.failed("The connection test failed unexpectedly: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void run(SyncJob job) throws Exception {
        List<SettingProblem> problems = validateSystemSettings(job.systemSettings());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("DHIS2 settings: " + problems.get(0).field() + ": "
                    + problems.get(0).message());
        }
        ExportConfig.Read config = ExportConfig.read(job.configSettings(), mapper);
        if (config.config() == null) {
            throw new IllegalArgumentException("Configuration: " + config.problems().get(0).field() + ": "
                    + config.problems().get(0).message());
        }
        Dhis2Client client = client(job.systemSettings());
        job.progress("CONNECTING", 0, -1);
        Dhis2Version version;
        try {
            version = version(client);
        } catch (Dhis2Exception e) {
            throw new Dhis2Exception(e.kind(), withTokenHint(e, job.systemSettings()), e);
        }
        if (!version.supported()) {
            throw new IllegalStateException("DHIS2 " + version + " is not supported (2.31 to 2.42)");
        }
        ExportConfig export = config.config();
        Map<String, Dhis2Catalog.Attribute> attributes = attributes(client, export);
        if (job.direction() == Capability.IMPORT) {
            new Dhis2Import(client, mapper, job, export, version, attributes).run();
        } else {
            new Dhis2Export(client, mapper, job, export, version, attributes, Dhis2Catalog.locales(client)).run();
        }
    }

    /**
     * {@code dhis2-plugin.zip} for an external system (not one of its configurations): the DHIS2 app that opens this
     * registry, at the address the client used or the {@code registryUrl} parameter.
     */
    @Override
    public Optional<Artifact> artifact(String name, ArtifactRequest request) {
        if (!AppPlugin.NAME.equals(name) || request.configSettings().isPresent()) {
            return Optional.empty();
        }
        List<String> url = request.parameters().getOrDefault(AppPlugin.URL_PARAMETER, List.of());
        String version = AppPlugin.appVersion(Dhis2SyncProvider.class.getPackage().getImplementationVersion());
        return Optional.of(AppPlugin.of(mapper, url.isEmpty() ? request.publicUrl() : url.get(0), version));
    }

    /**
     * The DHIS2 attributes the configuration maps, by id; a mapped attribute DHIS2 lacks, or one no registry value
     * fits, fails the job naming the mapping (read only when the configuration maps attributes).
     */
    private static Map<String, Dhis2Catalog.Attribute> attributes(Dhis2Client client, ExportConfig config)
            throws Dhis2Exception {
        if (config.levels().stream().flatMap(l -> l.attributes().stream()).allMatch(m -> m.attributeId() == null)) {
            return Map.of();
        }
        Map<String, Dhis2Catalog.Attribute> byId = new HashMap<>();
        Dhis2Catalog.attributes(client).forEach(a -> byId.put(a.id(), a));
        for (int i = 0; i < config.levels().size(); i++) {
            List<ExportConfig.Mapping> mappings = config.levels().get(i).attributes();
            for (int m = 0; m < mappings.size(); m++) {
                String id = mappings.get(m).attributeId();
                if (id != null && !byId.containsKey(id)) {
                    throw new IllegalArgumentException(ExportConfig.LEVELS + "[" + i + "].attributes[" + m
                            + "].target: DHIS2 has no organisation unit attribute " + id + " that a registry value fits");
                }
            }
        }
        return byId;
    }

    private Dhis2Client client(Settings systemSettings) {
        return client(systemSettings, HttpTransport.of(systemSettings).withFirstDelay(firstRetryDelay));
    }

    /** For a user waiting on a form or a connection test: one attempt, short timeouts. */
    private Dhis2Client quickClient(Settings systemSettings) {
        return client(systemSettings, HttpTransport.of(systemSettings).interactive());
    }

    private Dhis2Client client(Settings systemSettings, HttpTransport transport) {
        HttpClient http = clients.computeIfAbsent(transport.connectTimeout(), t -> transport.newClient());
        return new Dhis2Client(http, mapper, systemSettings, transport);
    }

    private static Dhis2Version version(Dhis2Client client) throws Dhis2Exception {
        JsonNode info = client.getJson(SYSTEM_INFO);
        Dhis2Version version = Dhis2Version.parse(info.path("version").asText(null));
        if (version == null) {
            throw new Dhis2Exception(Dhis2Exception.Kind.NOT_DHIS2, client.base() + "/api" + SYSTEM_INFO
                    + " answered JSON without a DHIS2 version: is " + client.base() + " a DHIS2 server?");
        }
        return version;
    }

    /** Tokens only exist from 2.37: say so when one was refused. */
    private static String withTokenHint(Dhis2Exception e, Settings systemSettings) {
        return e.kind() == Dhis2Exception.Kind.UNAUTHORIZED && systemSettings.has(Dhis2Client.TOKEN)
                ? e.getMessage() + " (personal access tokens need DHIS2 2.37 or later)"
                : e.getMessage();
    }
}

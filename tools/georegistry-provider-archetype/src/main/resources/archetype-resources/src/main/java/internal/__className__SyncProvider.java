package ${package}.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The '${providerType}' external system type: exports the Geo-Objects of a hierarchy, parents first, as GeoJSON
 * FeatureCollections POSTed in batches to the endpoint given in the system's settings.
 *
 * <p>Replace the HTTP exchange with your system's protocol; keep the contract: describe the settings, check them,
 * answer connection tests without throwing, report progress and per-object errors, stop when the job is cancelled
 * and send nothing in a dry run.
 */
@Component(property = SyncProvider.TYPE_PROPERTY + "=" + ${className}SyncProvider.TYPE)
public final class ${className}SyncProvider implements SyncProvider {

    static final String TYPE = "${providerType}";
    static final String URL = "url";
    static final String TOKEN = "token";
    static final String BATCH_SIZE = "batchSize";
    /** The configuration's hierarchy reaches the provider as this config setting. */
    static final String HIERARCHY = "hierarchy";
    static final int DEFAULT_BATCH = 100;
    static final int MAX_BATCH = 1_000;

    /** One HTTP client per connect timeout (a client-wide setting): they pool connections and are thread-safe. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "${providerLabel}";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT);
    }

    /** The endpoint, its token, and the timeouts and retries every provider offers ({@link HttpTransport}). */
    @Override
    public List<SettingDescriptor> systemSettings() {
        List<SettingDescriptor> settings = new ArrayList<>(List.of(
                SettingDescriptor.required(URL, "Endpoint URL", SettingType.URL)
                        .withDescription("Receives FeatureCollections by POST; a GET on it tests the connection"),
                SettingDescriptor.secret(TOKEN, "API token", false)
                        .withDescription("Sent as 'Authorization: Bearer <token>'")));
        settings.addAll(HttpTransport.descriptors());
        return settings;
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        return List.of(SettingDescriptor.optional(BATCH_SIZE, "Objects per request", SettingType.INTEGER)
                .withDescription("1 to " + MAX_BATCH + ", default " + DEFAULT_BATCH));
    }

    /**
     * The core checks that the URL is an http(s) URL with a host, and calls this even when it is not (so that the user
     * sees every problem at once): a malformed value is left to the core's message.
     */
    @Override
    public List<SettingProblem> validateSystemSettings(Settings settings) {
        List<SettingProblem> problems = new ArrayList<>(HttpTransport.problems(settings));
        Optional<String> url = settings.text(URL);
        try {
            if (url.isPresent() && new URI(url.get()).getUserInfo() != null) {
                // a URL is not secret: the API returns it, so credentials in it would leak
                problems.add(new SettingProblem(URL, "Put credentials in the token setting, not in the URL"));
            }
        } catch (URISyntaxException e) {
            // reported by the core
        }
        return problems;
    }

    @Override
    public List<SettingProblem> validateConfigSettings(Settings systemSettings, Settings configSettings) {
        long size = configSettings.number(BATCH_SIZE, DEFAULT_BATCH);
        if (size < 1 || size > MAX_BATCH) {
            return List.of(new SettingProblem(BATCH_SIZE, "Must be between 1 and " + MAX_BATCH));
        }
        return List.of();
    }

    /**
     * Must not throw: an unreachable or refusing endpoint is a result, not an error. A user is waiting: one attempt
     * with short timeouts, as every provider makes.
     */
    @Override
    public ConnectionTestResult testConnection(Settings systemSettings) {
        Endpoint endpoint;
        try {
            endpoint = endpoint(systemSettings, HttpTransport.of(systemSettings).interactive());
        } catch (IllegalArgumentException e) {
            return ConnectionTestResult.failed("The URL is not valid: " + e.getMessage());
        }
        try {
            Endpoint.Reply reply = endpoint.get();
            if (reply.status() == 401 || reply.status() == 403) {
                return ConnectionTestResult.failed("The endpoint refused the token (HTTP " + reply.status() + ")");
            }
            if (!reply.ok()) {
                return ConnectionTestResult.failed("The endpoint answered HTTP " + reply.status());
            }
            return ConnectionTestResult.succeeded(reply.version(), true,
                    "The endpoint answered HTTP " + reply.status());
        } catch (IOException e) {
            return ConnectionTestResult.failed("Cannot reach " + endpoint.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionTestResult.failed("Interrupted");
        }
    }

    @Override
    public void run(SyncJob job) throws IOException, InterruptedException {
        String hierarchy = job.configSettings().text(HIERARCHY)
                .orElseThrow(() -> new IllegalArgumentException("The configuration has no hierarchy to export"));
        int batchSize = (int) job.configSettings().number(BATCH_SIZE, DEFAULT_BATCH);
        Endpoint endpoint = endpoint(job.systemSettings(), HttpTransport.of(job.systemSettings()));
        List<GeoObject> batch = new ArrayList<>(batchSize);
        long processed = 0;
        job.progress("EXPORT", 0, -1);
        // the stream holds a database cursor: always close it
        try (Stream<GeoObject> objects = job.registry().objectsParentFirst(hierarchy, job.changedSince())) {
            Iterator<GeoObject> it = objects.iterator();
            while (it.hasNext()) {
                if (job.isCancelled()) {
                    return; // the core marks the job CANCELLED; what was sent stays sent
                }
                GeoObject o = it.next();
                if (o.geometry() == null) {
                    // exported anyway (GeoJSON allows it), but the user should know
                    job.objectError(ObjectError.warning(o.code(), "NO_GEOMETRY", "Exported without geometry")
                            .ofType(o.typeCode()));
                }
                batch.add(o);
                if (batch.size() == batchSize) {
                    processed += send(job, endpoint, hierarchy, batch);
                    batch.clear();
                    job.progress("EXPORT", processed, -1);
                }
            }
        }
        if (!batch.isEmpty() && !job.isCancelled()) {
            processed += send(job, endpoint, hierarchy, batch);
        }
        job.progress("COMPLETE", processed, processed);
    }

    private Endpoint endpoint(Settings systemSettings, HttpTransport transport) {
        HttpClient client = clients.computeIfAbsent(transport.connectTimeout(), t -> transport.newClient());
        return Endpoint.of(systemSettings, client, transport);
    }

    /**
     * Sends one batch (or, in a dry run, only renders it) and answers how many objects it held. A refused batch is
     * reported object by object with what was sent and answered, and the job goes on with the next one; an
     * unreachable endpoint ends the job.
     */
    private static int send(SyncJob job, Endpoint endpoint, String hierarchy, List<GeoObject> batch)
            throws IOException, InterruptedException {
        String body = FeatureJson.collection(batch, hierarchy);
        if (job.dryRun()) {
            return batch.size(); // checked and rendered, nothing sent
        }
        Endpoint.Reply reply = endpoint.post(body);
        if (!reply.ok()) {
            for (GeoObject o : batch) {
                job.objectError(ObjectError.error(o.code(), "HTTP_" + reply.status(),
                                "The endpoint refused the batch (HTTP " + reply.status() + ")")
                        .ofType(o.typeCode())
                        .withExchange(FeatureJson.feature(o, hierarchy), reply.body()));
            }
        }
        return batch.size();
    }
}

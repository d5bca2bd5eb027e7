package org.georegistry.sync.example.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;
import org.osgi.service.component.annotations.Component;

/**
 * A small but real provider: exports the Geo-Objects of the configured types as GeoJSON lines (one Feature per
 * line) to a file in its data directory. The file is written to a temporary name and moved into place, so a
 * reader never sees half a run.
 */
@Component(property = SyncProvider.TYPE_PROPERTY + "=" + ExampleSyncProvider.TYPE)
public final class ExampleSyncProvider implements SyncProvider {

    static final String TYPE = "example";
    static final String FILE = "file";
    static final String TYPES = "types";
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "Example (GeoJSON lines file)";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT);
    }

    @Override
    public List<SettingDescriptor> systemSettings() {
        return List.of(SettingDescriptor.required(FILE, "File name", SettingType.TEXT)
                .withDescription("Name of the file written in the provider's data directory"));
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        return List.of(SettingDescriptor.required(TYPES, "Geo-Object Types", SettingType.TEXT)
                .withDescription("Comma-separated type codes, exported in this order"));
    }

    @Override
    public List<SettingProblem> validateSystemSettings(Settings settings) {
        String file = settings.text(FILE, "");
        if (!SAFE_FILE.matcher(file).matches()) {
            return List.of(new SettingProblem(FILE, "Use a plain file name: letters, digits, '.', '_' and '-'"));
        }
        return List.of();
    }

    @Override
    public ConnectionTestResult testConnection(Settings systemSettings) {
        List<SettingProblem> problems = validateSystemSettings(systemSettings);
        return problems.isEmpty()
                ? ConnectionTestResult.succeeded("1", true, "The file name is valid")
                : ConnectionTestResult.failed(problems.get(0).message());
    }

    @Override
    public void run(SyncJob job) throws IOException {
        List<String> types = typeCodes(job.configSettings());
        Path dir = Files.createDirectories(job.dataDirectory());
        Path target = dir.resolve(job.systemSettings().text(FILE, "export.geojsonl"));
        Path temp = dir.resolve(target.getFileName() + ".part");
        long done = 0;
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String type : types) {
                try (Stream<GeoObject> objects = job.registry().objects(type, job.changedSince())) {
                    Iterator<GeoObject> it = objects.iterator();
                    while (it.hasNext() && !job.isCancelled()) {
                        GeoObject o = it.next();
                        if (o.code() == null || o.code().isBlank()) {
                            job.objectError(ObjectError.error(null, "NO_CODE", "An object of type " + type + " has no code"));
                            continue;
                        }
                        if (o.geometry() == null) {
                            // still exported (GeoJSON allows it), but a map drawn from the file will miss it
                            job.objectError(ObjectError.warning(o.code(), "NO_GEOMETRY", "Exported without geometry"));
                        }
                        out.write(GeoJsonLines.feature(o));
                        out.newLine();
                        job.progress("EXPORT", ++done, -1);
                    }
                }
            }
        }
        if (job.isCancelled() || job.dryRun()) {
            Files.deleteIfExists(temp);
            return;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        job.progress("COMPLETE", done, done);
    }

    static List<String> typeCodes(Settings config) {
        List<String> out = new ArrayList<>();
        Arrays.stream(config.text(TYPES, "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}

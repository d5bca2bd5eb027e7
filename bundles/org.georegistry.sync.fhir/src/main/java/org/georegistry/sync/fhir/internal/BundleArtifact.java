package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Artifact;
import org.georegistry.sync.fhir.internal.ConfigSettings.Kind;

/**
 * "Generate Bundle": the transaction Bundles an export would send, streamed as they are made. Without parameters,
 * one Bundle of every object; {@code ?page=N&pageSize=M} the N-th Bundle of M objects; {@code ?format=zip} a zip of
 * all Bundles of {@code pageSize} objects ({@code bundle-0001.json}, ...). {@code ?updatedSince=} an ISO instant
 * limits it to objects changed since.
 */
final class BundleArtifact implements Artifact {

    static final String NAME = "bundle";
    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int MAX_PAGE_SIZE = 10_000;

    private record Level(String type, Kind kind) {}

    private final RegistryView registry;
    private final McsdMapper mapper;
    private final ObjectMapper json;
    private final ConfigSettings config;
    private final String system;
    private final Integer page;
    private final int pageSize;
    private final boolean zip;
    private final Optional<Instant> since;

    private BundleArtifact(RegistryView registry, McsdMapper mapper, ObjectMapper json, ConfigSettings config,
            String system, Integer page, int pageSize, boolean zip, Optional<Instant> since) {
        this.registry = registry;
        this.mapper = mapper;
        this.json = json;
        this.config = config;
        this.system = system;
        this.page = page;
        this.pageSize = pageSize;
        this.zip = zip;
        this.since = since;
    }

    /** Checks the parameters now, while the client can still get a 400. */
    static BundleArtifact of(RegistryView registry, McsdMapper mapper, ObjectMapper json, ConfigSettings config,
            String system, Map<String, List<String>> parameters) {
        String format = one(parameters, "format");
        if (format != null && !format.equals("zip") && !format.equals("json")) {
            throw new IllegalArgumentException("format: use json or zip");
        }
        Integer page = number(parameters, "page", 1, Integer.MAX_VALUE);
        Integer size = number(parameters, "pageSize", 1, MAX_PAGE_SIZE);
        boolean zip = "zip".equals(format);
        if (zip && page != null) {
            throw new IllegalArgumentException("page: a zip holds every page; ask for one page without format=zip");
        }
        Optional<Instant> since = Optional.empty();
        String updated = one(parameters, "updatedSince");
        if (updated != null) {
            try {
                since = Optional.of(Instant.parse(updated));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("updatedSince: use an ISO-8601 instant such as 2026-01-31T00:00:00Z");
            }
        }
        if (registry.typesParentFirst(config.hierarchy()).isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        return new BundleArtifact(registry, mapper, json, config, system, page,
                size != null ? size : DEFAULT_PAGE_SIZE, zip, since);
    }

    @Override
    public String fileName() {
        return zip ? "bundles.zip" : page != null ? "bundle-" + page + ".json" : "bundle.json";
    }

    @Override
    public String mediaType() {
        return zip ? "application/zip" : FhirClient.FHIR_JSON;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (zip) {
            writeZip(out);
            return;
        }
        long skip = page == null ? 0 : (long) (page - 1) * pageSize;
        long limit = page == null ? Long.MAX_VALUE : pageSize;
        LocationIds ids = new LocationIds(registry);
        try (TransactionWriter writer = new TransactionWriter(mapper, system, config.hierarchy(), ids, out)) {
            Iterator<Level> levels = levels().iterator();
            long seen = 0;
            long added = 0;
            while (levels.hasNext() && added < limit) {
                Level level = levels.next();
                try (Stream<GeoObject> objects = registry.objects(level.type(), since)) {
                    Iterator<GeoObject> it = objects.iterator();
                    while (it.hasNext() && added < limit) {
                        GeoObject o = it.next();
                        if (seen++ < skip) {
                            continue;
                        }
                        writer.add(o, level.kind());
                        added++;
                    }
                }
            }
        }
    }

    private void writeZip(OutputStream out) throws IOException {
        ZipOutputStream zipped = new ZipOutputStream(out);
        OutputStream entryStream = new FilterOutputStream(zipped) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zipped.write(b, off, len);
            }

            @Override
            public void close() {
                // each Bundle ends its zip entry, not the zip
            }
        };
        LocationIds ids = new LocationIds(registry);
        int number = 0;
        int inBundle = 0;
        TransactionWriter writer = null;
        for (Level level : levels()) {
            try (Stream<GeoObject> objects = registry.objects(level.type(), since)) {
                Iterator<GeoObject> it = objects.iterator();
                while (it.hasNext()) {
                    if (writer == null) {
                        zipped.putNextEntry(new ZipEntry(String.format("bundle-%04d.json", ++number)));
                        writer = new TransactionWriter(mapper, system, config.hierarchy(), ids, entryStream);
                    }
                    writer.add(it.next(), level.kind());
                    if (++inBundle == pageSize) {
                        writer.close();
                        zipped.closeEntry();
                        writer = null;
                        inBundle = 0;
                    }
                }
            }
        }
        if (writer != null) {
            writer.close();
            zipped.closeEntry();
        }
        zipped.finish();
        zipped.flush();
    }

    private List<Level> levels() {
        List<Level> out = new ArrayList<>();
        for (String type : registry.typesParentFirst(config.hierarchy())) {
            ConfigSettings.Level level = config.level(type);
            if (level != null) {
                out.add(new Level(type, Levels.kind(level, registry, json)));
            }
        }
        return out;
    }

    private static String one(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }

    private static Integer number(Map<String, List<String>> parameters, String name, int min, int max) {
        String text = one(parameters, name);
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": use a whole number from " + min + " to " + max);
    }
}

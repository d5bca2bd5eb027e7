package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.georegistry.api.sync.Artifact;

/**
 * The DHIS2 app that opens the registry from DHIS2's menu, as DHIS2's App Management installs it: a zip with a
 * {@code manifest.webapp} (name, version, launch path, icons, developer, {@code activities.dhis.href}), an
 * {@code index.html} that redirects to the registry, and the icons.
 */
final class AppPlugin implements Artifact {

    static final String NAME = "dhis2-plugin.zip";
    /** Lets an administrator name the registry's public address when DHIS2 users reach it by another one. */
    static final String URL_PARAMETER = "registryUrl";
    private static final int[] ICON_SIZES = {16, 48, 128};

    private final ObjectMapper mapper;
    private final String registryUrl;
    private final String version;

    private AppPlugin(ObjectMapper mapper, String registryUrl, String version) {
        this.mapper = mapper;
        this.registryUrl = registryUrl;
        this.version = version;
    }

    /** @throws IllegalArgumentException when the address is not an absolute http(s) URL */
    static AppPlugin of(ObjectMapper mapper, String registryUrl, String version) {
        try {
            URI uri = new URI(registryUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!List.of("http", "https").contains(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException(URL_PARAMETER + ": give the registry's http or https address");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL_PARAMETER + ": not a valid address: " + e.getMessage());
        }
        return new AppPlugin(mapper, registryUrl.replaceAll("/+$", ""), version);
    }

    /** DHIS2 compares app versions as semantic versions: the bundle version without its qualifier. */
    static String appVersion(String bundleVersion) {
        if (bundleVersion == null) {
            return "1.0.0";
        }
        String[] parts = bundleVersion.split("[.-]");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String part = i < parts.length && parts[i].matches("\\d+") ? parts[i] : "0";
            out.append(i == 0 ? "" : ".").append(part);
        }
        return out.toString();
    }

    @Override
    public String fileName() {
        return "georegistry-dhis2-app.zip";
    }

    @Override
    public String mediaType() {
        return "application/zip";
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        put(zip, "manifest.webapp", mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest()));
        put(zip, "index.html", indexHtml().getBytes(StandardCharsets.UTF_8));
        for (int size : ICON_SIZES) {
            put(zip, icon(size), PngIcon.draw(size));
        }
        zip.finish();
    }

    ObjectNode manifest() {
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("version", version);
        manifest.put("name", "GeoRegistry");
        manifest.put("short_name", "GeoRegistry");
        manifest.put("appType", "APP");
        manifest.put("description", "Opens the GeoRegistry, the master list of this country's administrative units "
                + "and health facilities, at " + registryUrl);
        manifest.put("launch_path", "index.html");
        manifest.put("default_locale", "en");
        ObjectNode icons = manifest.putObject("icons");
        for (int size : ICON_SIZES) {
            icons.put(Integer.toString(size), icon(size));
        }
        manifest.putObject("developer").put("name", "GeoRegistry").put("url", registryUrl);
        manifest.putObject("activities").putObject("dhis").put("href", "*");
        return manifest;
    }

    String indexHtml() {
        String url = html(registryUrl);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>GeoRegistry</title>\n"
                + "<meta http-equiv=\"Refresh\" content=\"0; url='" + url + "'\">\n</head>\n<body>\n"
                + "<p>Opening <a href=\"" + url + "\">GeoRegistry</a>&hellip;</p>\n</body>\n</html>\n";
    }

    private static String icon(int size) {
        return "icons/icon-" + size + ".png";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}

package org.georegistry.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleFilesTest {

    private final ConsoleFiles files = new ConsoleFiles(ConsoleFilesTest.class.getClassLoader());

    @Test
    void theRootIsTheIndexPage() {
        ConsoleFiles.File index = files.find("/").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"js/main.js\">"));
        assertEquals(index, files.find("").orElseThrow());
        assertEquals(index, files.find("/index.html").orElseThrow());
    }

    @Test
    void modulesAreServedAsJavaScriptWithATagThatFollowsTheContent() {
        ConsoleFiles.File main = files.find("/js/main.js").orElseThrow();
        ConsoleFiles.File api = files.find("/js/api.js").orElseThrow();
        assertEquals("text/javascript; charset=utf-8", main.contentType());
        assertTrue(main.etag().matches("\"[0-9a-f]{24}\""), main.etag());
        assertNotEquals(main.etag(), api.etag());
        assertEquals(main.etag(), files.find("/js/main.js").orElseThrow().etag());
    }

    @Test
    void nothingOutsideTheConsoleFolderNorOfAnotherKindIsServed() {
        for (String path : List.of("/../org/georegistry/console/internal/ConsoleFiles.class", "/js/../../x.js",
                "/%2e%2e/x.js", "/.hidden.js", "/js//main.js", "/js/", "/js", "/ConsoleServlet.class", "/js\\main.js",
                "relative.js", "/missing.js")) {
            assertTrue(files.find(path).isEmpty(), path);
        }
        assertNull(ConsoleFiles.name("/META-INF/MANIFEST.MF"));
        assertEquals("js/views/jobs.js", ConsoleFiles.name("/js/views/jobs.js"));
    }

    /** Every file the page or a module refers to exists: a renamed module would otherwise only fail in a browser. */
    @Test
    void everyReferencedFileExists() throws IOException {
        Path root = Path.of("src/main/resources/console");
        Pattern reference = Pattern.compile("(?:import\\(|from |href=\"|src=\")\\s*['\"]?((?:\\.{1,2}/|js/)?[\\w./-]+\\.(?:js|css|svg))");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList()) {
                Matcher m = reference.matcher(Files.readString(file));
                while (m.find()) {
                    checked++;
                    if (!Files.isRegularFile(file.resolveSibling(m.group(1)).normalize())) {
                        missing.add(root.relativize(file) + " → " + m.group(1));
                    }
                }
            }
        }
        assertTrue(checked > 20, "references found: " + checked);
        assertEquals(List.of(), missing);
    }
}

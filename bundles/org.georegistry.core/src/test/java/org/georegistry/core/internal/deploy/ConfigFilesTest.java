package org.georegistry.core.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration files as FileInstall 3.7.4 names and reads them, for the deploy report and etc/'s precedence. */
class ConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileSetsTheConfigurationItsNameSaysAndADashMakesAFactoryConfiguration() {
        assertEquals("org.georegistry.jobs", ConfigFiles.pid(Path.of("etc/org.georegistry.jobs.cfg")));
        assertEquals("org.georegistry.jobs", ConfigFiles.pid(Path.of("deploy/f/org.georegistry.jobs.config")));
        // as the log says for etc/org.apache.felix.fileinstall-deploy.cfg: {org.apache.felix.fileinstall~deploy}
        assertEquals("org.apache.felix.fileinstall~deploy",
                ConfigFiles.pid(Path.of("org.apache.felix.fileinstall-deploy.cfg")));
        assertEquals("a~b-c", ConfigFiles.pid(Path.of("a-b-c.cfg")));
    }

    @Test
    void theFileInEtcForAConfigurationIsFoundUnderEitherEnding() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        assertEquals(Optional.empty(), ConfigFiles.inEtc(etc, "org.georegistry.jobs"));
        Files.writeString(etc.resolve("org.georegistry.jobs.cfg"), "workers=2\n");
        Files.writeString(etc.resolve("org.apache.felix.fileinstall-deploy.config"), "x=\"1\"\n");
        assertEquals(Optional.of(etc.resolve("org.georegistry.jobs.cfg")), ConfigFiles.inEtc(etc, "org.georegistry.jobs"));
        assertEquals(Optional.of(etc.resolve("org.apache.felix.fileinstall-deploy.config")),
                ConfigFiles.inEtc(etc, "org.apache.felix.fileinstall~deploy"));
        Files.createDirectories(etc.resolve("folder.cfg"));
        assertEquals(Optional.empty(), ConfigFiles.inEtc(etc, "folder"), "a folder is no configuration file");
    }

    @Test
    void theSourceIsTheFileInstallRecordedInTheConfiguration() throws IOException {
        Path file = Files.writeString(dir.resolve("a.cfg"), "x=1\n");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("x", "1");
        assertEquals(Optional.empty(), ConfigFiles.source(properties));
        assertEquals(Optional.empty(), ConfigFiles.source(null));
        // FileInstall records File.toURI(): file:/path, not the file:///path of Path.toUri()
        properties.put(ConfigFiles.FILENAME, file.toFile().toURI().toString());
        assertEquals(Optional.of(file.toAbsolutePath()), ConfigFiles.source(properties));
        properties.put(ConfigFiles.FILENAME, "not a uri ::");
        assertEquals(Optional.empty(), ConfigFiles.source(properties));
    }

    @Test
    void aCfgWithAMalformedEscapeIsUnreadableAsFileInstallFindsIt() throws IOException {
        assertNull(ConfigFiles.unreadable(Files.writeString(dir.resolve("good.cfg"), "a=1\nb=caf\\u00e9\n")));
        String why = ConfigFiles.unreadable(Files.writeString(dir.resolve("bad.cfg"), "a=1\nb=\\uZZZZ\n"));
        assertTrue(why != null && why.startsWith("it cannot be read as a configuration: Malformed \\uxxxx"), why);
        assertNull(ConfigFiles.unreadable(Files.writeString(dir.resolve("typed.config"), "{ not checked")));
    }

    @Test
    void filesUnderAFolderAreFoundBySubFolderAndEnding() throws IOException {
        Files.createDirectories(dir.resolve("feature/sub"));
        Files.writeString(dir.resolve("feature/a.cfg"), "");
        Files.writeString(dir.resolve("feature/sub/b.CONFIG"), "");
        Files.writeString(dir.resolve("feature/c.jar"), "");
        Files.writeString(dir.resolve("feature/d.cfg.bak"), "");
        assertEquals(List.of(dir.resolve("feature/a.cfg"), dir.resolve("feature/sub/b.CONFIG")),
                WatchedFolders.files(dir, ConfigFiles.ENDINGS).stream().sorted().toList());
        assertEquals(List.of(), WatchedFolders.files(dir.resolve("missing"), ".jar"));
    }
}

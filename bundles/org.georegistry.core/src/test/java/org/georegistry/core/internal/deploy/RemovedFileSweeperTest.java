package org.georegistry.core.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which installed bundles lost their file: only FileInstall's, only inside its folders. */
class RemovedFileSweeperTest {

    private static final Path DEPLOY = Path.of("/srv/georegistry/deploy");

    @Test
    void aFileGoneFromAWatchedFolderOrItsSubfoldersIsMissing() {
        String moved = DEPLOY.resolve("fhir/org.georegistry.sync.fhir.jar").toUri().toString();
        String kept = DEPLOY.resolve("dhis2/org.georegistry.sync.dhis2.jar").toUri().toString();
        String top = DEPLOY.resolve("example.jar").toUri().toString();
        Set<String> present = Set.of(kept);
        assertEquals(Set.of(moved, top), RemovedFileSweeper.missing(List.of(moved, kept, top), List.of(DEPLOY),
                file -> present.contains(file.toUri().toString())));
    }

    @Test
    void bundlesInstalledOtherwiseAreLeftAlone() {
        List<String> locations = List.of(
                "reference:" + Path.of("/srv/georegistry/lib/bundles/h2.jar").toUri(), // the launcher's
                Path.of("/tmp/test/churning.jar").toUri().toString(), // installed by hand, outside deploy/
                DEPLOY.resolveSibling("deploy-old/x.jar").toUri().toString(), // a folder whose name starts alike
                "mvn:org.example/x/1.0", // Pax Exam's
                DEPLOY.toUri().toString()); // the folder itself
        assertEquals(Set.of(), RemovedFileSweeper.missing(locations, List.of(DEPLOY), file -> false));
    }
}

package org.georegistry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

final class LaunchPlanTest {

    /** The shape bnd 7.1 writes into an exported jar's launcher.properties (escaped as in the file). */
    private static final String EXPORTED = String.join("\n",
            "launch.startlevel.default=3",
            "launch.bundles=jar/slf4j-api-2.0.17.jar,jar/org.apache.felix.scr-2.2.18.jar,jar/core.jar",
            "launch.runbundles.attrs=slf4j.api;version\\=\"2.0.17\";startlevel\\=1,"
                    + "org.apache.felix.scr;version\\=\"2.2.18\";startlevel\\=2,org.georegistry.core;version\\=\"0.1.0\"",
            "org.osgi.service.http.port=8181",
            "felix.fileinstall.poll=500",
            "org.osgi.framework.startlevel.beginning=4");

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void bundlesKeepTheirOrderAndStartLevelsAndLiveInTheBundlesFolder() throws IOException {
        LaunchPlan plan = LaunchPlan.of(properties(EXPORTED), Path.of("lib", "bundles"), new Properties());
        assertEquals(List.of(
                new LaunchPlan.Entry(Path.of("lib", "bundles", "slf4j-api-2.0.17.jar"), 1),
                new LaunchPlan.Entry(Path.of("lib", "bundles", "org.apache.felix.scr-2.2.18.jar"), 2),
                new LaunchPlan.Entry(Path.of("lib", "bundles", "core.jar"), 3)), plan.bundles());
    }

    @Test
    void systemPropertiesOverrideTheBuildDefaultsAndLauncherKeysStayOut() throws IOException {
        Properties system = new Properties();
        system.setProperty("org.osgi.service.http.port", "9999");
        LaunchPlan plan = LaunchPlan.of(properties(EXPORTED), Path.of("b"), system);
        assertEquals("9999", plan.frameworkProperties().get("org.osgi.service.http.port"));
        assertEquals("500", plan.frameworkProperties().get("felix.fileinstall.poll"));
        assertEquals("4", plan.frameworkProperties().get("org.osgi.framework.startlevel.beginning"));
        assertEquals(false, plan.frameworkProperties().keySet().stream().anyMatch(k -> k.startsWith("launch.")));
    }

    @Test
    void aMismatchBetweenBundlesAndStartLevelsIsRefused() throws IOException {
        Properties p = properties(EXPORTED);
        p.setProperty("launch.bundles", "jar/a.jar");
        assertThrows(IllegalArgumentException.class, () -> LaunchPlan.of(p, Path.of("b"), new Properties()));
    }
}

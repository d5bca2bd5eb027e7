package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the administrator's {@code etc/} ahead of a feature's default configuration files. FileInstall applies the
 * file it saw last: a feature in {@code deploy/} with a {@code .cfg} for a configuration {@code etc/} also sets
 * replaced the administrator's settings at every start (the {@code deploy/} watcher starts after {@code etc/}'s),
 * and removing the feature deleted the configuration, {@code etc/}'s settings with it, until the next start. So
 * when a configuration {@code etc/} has a file for is set from another file, or deleted, the {@code etc/} file's
 * time is touched and FileInstall applies it again within a poll or two.
 */
@Component(immediate = true)
public final class EtcConfigurationWins implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(EtcConfigurationWins.class);

    private final BundleContext context;
    private final ConfigurationAdmin configurations;

    @Activate
    public EtcConfigurationWins(BundleContext context, @Reference ConfigurationAdmin configurations) {
        this.context = context;
        this.configurations = configurations;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_UPDATED && event.getType() != ConfigurationEvent.CM_DELETED) {
            return;
        }
        Optional<Path> etc = WatchedFolders.etc(context::getProperty);
        if (etc.isEmpty()) {
            return;
        }
        Optional<Path> file = ConfigFiles.inEtc(etc.get(), event.getPid());
        if (file.isEmpty()) {
            return;
        }
        try {
            if (event.getType() == ConfigurationEvent.CM_UPDATED) {
                Optional<Path> source = ConfigFiles.made(configurations).entrySet().stream()
                        .filter(e -> e.getValue().getPid().equals(event.getPid())).map(Map.Entry::getKey).findFirst();
                if (source.isEmpty() || source.get().startsWith(etc.get())) {
                    return; // etc/'s own, or set by someone other than FileInstall
                }
                LOG.info("{} set configuration {}, which {} sets too: the file in etc/ applies", source.get(),
                        event.getPid(), file.get());
            }
            Files.setLastModifiedTime(file.get(), FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not have FileInstall apply {} again: {}", file.get(), e.toString());
        }
    }
}

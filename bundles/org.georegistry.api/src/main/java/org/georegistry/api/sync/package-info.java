/**
 * The synchronization extension point. A bundle that supports a kind of external system registers a
 * {@link org.georegistry.api.sync.SyncProvider} service; the core finds it, shows it on {@code /api/providers}
 * and runs its jobs.
 */
@Export
@Version("1.3.0")
package org.georegistry.api.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

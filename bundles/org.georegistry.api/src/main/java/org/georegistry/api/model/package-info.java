/** Value types of the registry as providers see them: read-only, immutable. */
@Export
@Version("1.4.0")
package org.georegistry.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

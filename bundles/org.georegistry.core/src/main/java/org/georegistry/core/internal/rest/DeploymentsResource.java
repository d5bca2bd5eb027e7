package org.georegistry.core.internal.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.util.List;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.deploy.DeployReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /api/deployments}: what each file in {@code deploy/} became (a bundle and its state) or why it does not
 * work, so an administrator sees what otherwise only the log says. The server's own business: SRA only.
 */
@Component(service = DeploymentsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("deployments")
@Produces(MediaType.APPLICATION_JSON)
public final class DeploymentsResource {

    private final DeployReport report;

    @Activate
    public DeploymentsResource(@Reference DeployReport report) {
        this.report = report;
    }

    @GET
    public List<DeployReport.Entry> list(@Context SecurityContext security) {
        Caller.of(security).requireSra("The report of deploy/");
        try {
            return report.entries();
        } catch (IOException e) {
            throw ApiException.unavailable("Cannot read which folders FileInstall watches: " + e.getMessage());
        }
    }
}

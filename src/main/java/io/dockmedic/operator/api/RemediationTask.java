package io.dockmedic.operator.api;

import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One issue (one fingerprint) found by one LogAudit, with its lifecycle. Listed by
 * {@code kubectl get issues}; agents claim it and report fixes in its status.
 */
@Group(LogAudit.GROUP)
@Version(LogAudit.VERSION)
@ShortNames({"issue", "rtask"})
@Categories({"issues", "dockmedic"})
@AdditionalPrinterColumn(name = "SEVERITY", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.severity")
@AdditionalPrinterColumn(name = "PHASE", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "COUNT", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.occurrences")
@AdditionalPrinterColumn(name = "CONTAINER", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.container")
@AdditionalPrinterColumn(name = "ISSUE", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.issueType")
@AdditionalPrinterColumn(name = "LAST-SEEN", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".status.lastSeen")
@AdditionalPrinterColumn(name = "AGE", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(name = "PRIORITY", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1,
        jsonPath = ".status.priority")
@AdditionalPrinterColumn(name = "AGENT", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        jsonPath = ".status.claim.agent")
@AdditionalPrinterColumn(name = "TEMPLATE", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        jsonPath = ".spec.template")
public class RemediationTask extends CustomResource<RemediationTaskSpec, RemediationTaskStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("What the issue is, set by the operator when it is first seen and stable afterwards.")
    public RemediationTaskSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Where the issue stands: phase, occurrences, first and last seen, samples, priority, "
            + "history, and the claim of the agent working on it. Shared by the operator and agents; "
            + "each writes only its own fields.")
    public RemediationTaskStatus getStatus() {
        return super.getStatus();
    }
}

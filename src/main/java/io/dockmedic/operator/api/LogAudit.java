package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** What to scan on which Docker host, and how; its status tells what the last scans found. */
@Group(LogAudit.GROUP)
@Version(LogAudit.VERSION)
@ShortNames({"la", "audit"})
@Categories("dockmedic")
@AdditionalPrinterColumn(name = "READY", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "CONTAINERS", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.containersScanned")
@AdditionalPrinterColumn(name = "CRITICAL", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.openIssues.critical")
@AdditionalPrinterColumn(name = "HIGH", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.openIssues.high")
@AdditionalPrinterColumn(name = "OPEN", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.openIssues.total")
@AdditionalPrinterColumn(name = "LAST-SCAN", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".status.lastScanTime")
@AdditionalPrinterColumn(name = "AGE", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(name = "MESSAGE", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
public class LogAudit extends CustomResource<LogAuditSpec, LogAuditStatus> implements Namespaced {

    public static final String GROUP = "dockmedic.io";
    public static final String VERSION = "v1alpha1";

    @Override
    @JsonPropertyDescription("What to scan and how: the Docker engine, which containers, how often and how far "
            + "back, and which extra rules apply.")
    public LogAuditSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the scans found, written by the operator: conditions, counts, open issues by "
            + "severity, the most urgent issues and the read cursors.")
    public LogAuditStatus getStatus() {
        return super.getStatus();
    }
}

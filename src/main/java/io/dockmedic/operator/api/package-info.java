/**
 * The dockmedic.io/v1alpha1 custom resources: {@link io.dockmedic.operator.api.LogAudit} says what to
 * scan, {@link io.dockmedic.operator.api.RemediationTask} tracks one issue. The CRDs in {@code crds/}
 * are generated from these classes; field names and descriptions are public API.
 */
package io.dockmedic.operator.api;

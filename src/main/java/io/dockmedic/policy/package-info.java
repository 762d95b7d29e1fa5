/**
 * The policy file of {@code dockmedic watch -f}: LogAudit documents in YAML, checked against the LogAudit CRD's
 * own schema and validation rules, with every problem reported by file, line and field.
 */
package io.dockmedic.policy;

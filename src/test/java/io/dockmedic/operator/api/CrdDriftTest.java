package io.dockmedic.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Fails when the CRDs committed in crds/ no longer match what the Java classes generate. */
class CrdDriftTest {

    static final List<Class<? extends HasMetadata>> RESOURCES = CommittedCrds.RESOURCES;

    @ParameterizedTest
    @FieldSource("RESOURCES")
    void committedCrdMatchesTheGeneratedOne(Class<? extends HasMetadata> type) throws IOException {
        String expected = CommittedCrds.expected(type);
        Path committed = CommittedCrds.committed(type);
        if (Boolean.getBoolean("dockmedic.crds.refresh")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, expected);
        }
        assertThat(committed).as("%s is missing; create it with: %s", committed, CommittedCrds.REFRESH_COMMAND)
                .exists();
        assertThat(Files.readString(committed))
                .as("%s differs from what %s generates; refresh it with: %s", committed, type.getSimpleName(),
                        CommittedCrds.REFRESH_COMMAND)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @FieldSource("RESOURCES")
    void everyFieldHasADescriptionForKubectlExplain(Class<? extends HasMetadata> type) {
        JSONSchemaProps root = CommittedCrds.load(type).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        List<String> undescribed = new ArrayList<>();
        for (String top : List.of("spec", "status")) {
            collectUndescribed(top, root.getProperties().get(top), undescribed);
        }
        assertThat(undescribed).as("fields of %s without @JsonPropertyDescription", type.getSimpleName()).isEmpty();
    }

    private static void collectUndescribed(String path, JSONSchemaProps schema, List<String> undescribed) {
        if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            undescribed.add(path);
        }
        JSONSchemaProps nested = schema.getItems() == null ? schema : schema.getItems().getSchema();
        if (nested.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> field : nested.getProperties().entrySet()) {
                collectUndescribed(path + "." + field.getKey(), field.getValue(), undescribed);
            }
        }
    }
}

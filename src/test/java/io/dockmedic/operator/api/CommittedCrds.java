package io.dockmedic.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The CRDs committed in {@code crds/}: what crd-generator wrote into target/classes, with the printer
 * columns put back in the order they are declared on the class (the generator sorts them by JSON path,
 * which would put AGE first).
 */
public final class CommittedCrds {

    public static final List<Class<? extends HasMetadata>> RESOURCES = List.of(LogAudit.class, RemediationTask.class);
    static final String REFRESH_COMMAND = "mvn -B -q test -Dtest=CrdDriftTest -Ddockmedic.crds.refresh=true";
    private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    private static final Path COMMITTED = Path.of("crds");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CommittedCrds() {
    }

    /** The committed file for a resource class. */
    public static Path committed(Class<? extends HasMetadata> type) {
        return COMMITTED.resolve(fileName(type));
    }

    /** The committed CRD, parsed, ready to create on an API server. */
    public static CustomResourceDefinition load(Class<? extends HasMetadata> type) {
        return SERIALIZATION.unmarshal(read(committed(type)), CustomResourceDefinition.class);
    }

    /** What the committed file must contain, derived from the generator's current output. */
    static String expected(Class<? extends HasMetadata> type) {
        Path generated = GENERATED.resolve(fileName(type));
        if (!Files.exists(generated)) {
            throw new IllegalStateException(generated + " is missing: run 'mvn process-classes' (crd-generator) first");
        }
        CustomResourceDefinition crd = SERIALIZATION.unmarshal(read(generated), CustomResourceDefinition.class);
        List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        crd.getSpec().getVersions().forEach(version -> {
            List<CustomResourceColumnDefinition> columns = new java.util.ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
            version.setAdditionalPrinterColumns(columns);
        });
        return "# Generated from " + type.getName() + " by crd-generator; do not edit.\n"
                + "# Refresh: " + REFRESH_COMMAND + "\n"
                + SERIALIZATION.asYaml(crd);
    }

    private static String fileName(Class<? extends HasMetadata> type) {
        return HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type) + "-v1.yml";
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.dockmedic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the core pure (it decides, adapters act) and the audit cycle shared by the operator and watch. */
@AnalyzeClasses(packages = "io.dockmedic", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNoAdapterLibrary = noClasses()
            .that().resideInAPackage("io.dockmedic.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.github.dockerjava..",
                    "io.fabric8..",
                    "io.javaoperatorsdk..",
                    "io.micrometer..",
                    "com.fasterxml.jackson.core..",
                    "com.fasterxml.jackson.databind..",
                    "picocli..",
                    "org.slf4j..")
            .because("the core computes what should happen; adapters make it happen");

    @ArchTest
    static final ArchRule coreDoesNotReachIntoAdapters = noClasses()
            .that().resideInAPackage("io.dockmedic.core..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.dockmedic.core..", "java..",
                    "com.fasterxml.jackson.annotation..", "com.google.re2j..")
            .because("the core must stay usable without Docker, Kubernetes or a CLI; Jackson's annotations (no "
                    + "code, only the wire names and descriptions of the task model) and RE2/J (a pure regular "
                    + "expression engine) are the exceptions");

    @ArchTest
    static final ArchRule auditCycleReachesStoresOnlyThroughPorts = noClasses()
            .that().resideInAPackage("io.dockmedic.audit..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.dockmedic.operator",
                    "io.dockmedic.operator.task..",
                    "io.dockmedic.operator.docker..",
                    "io.dockmedic.local..",
                    "io.dockmedic.cli..",
                    "com.github.dockerjava..",
                    "io.fabric8.kubernetes.client.dsl..",
                    "io.javaoperatorsdk..",
                    "io.micrometer..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
            // DockerSettings only checks the syntax of a host; everything else of the adapter is behind the ports.
            .orShould().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.dockmedic.docker..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("DockerSettings"))))
            .because("the operator and dockmedic watch run the same cycle; only the ports (task store, template "
                    + "archive, container runtime, fix executor) differ between them");
}

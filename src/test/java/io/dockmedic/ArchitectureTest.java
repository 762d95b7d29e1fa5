package io.dockmedic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the core pure: it decides, adapters act. */
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
}

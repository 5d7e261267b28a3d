package io.tickring.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import io.tickring.adapters.OrderGateway;
import io.tickring.core.RingEvent;
import io.tickring.engine.Engine;
import io.tickring.journal.InputJournal;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package and module structure, checked by the build. It lives in the bench module because that
 * is the one whose classpath holds every other module's classes. Main code only: tests may reach
 * across packages.
 */
class ArchitectureTest {
    private static final String[] MODULES = {
        "io.tickring.core",
        "io.tickring.journal",
        "io.tickring.adapters",
        "io.tickring.engine",
        "io.tickring.bench"
    };

    static JavaClasses classes;

    /**
     * Imports each module's main classes from where one of its classes was loaded (a classes folder
     * in the reactor, a jar after {@code package}): scanning the whole classpath for the packages
     * would open every library jar.
     */
    @BeforeAll
    static void importMainClasses() {
        Set<Location> modules =
                Stream.of(
                                RingEvent.class,
                                InputJournal.class,
                                OrderGateway.class,
                                Engine.class,
                                BenchMain.class)
                        .map(
                                c ->
                                        Location.of(
                                                URI.create(
                                                        c.getProtectionDomain()
                                                                .getCodeSource()
                                                                .getLocation()
                                                                .toString())))
                        .collect(Collectors.toSet());
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importLocations(modules);
    }

    @Test
    void shouldSeeEveryModule() {
        // Guards the other rules against passing on an empty import (a moved classpath, a renamed
        // root).
        for (String module : MODULES) {
            assertTrue(
                    classes.stream().anyMatch(c -> c.getPackageName().startsWith(module)),
                    "no classes of " + module);
        }
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("io.tickring.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void shouldLayerTheModules() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("core")
                .definedBy("io.tickring.core..")
                .layer("journal")
                .definedBy("io.tickring.journal..")
                .layer("adapters")
                .definedBy("io.tickring.adapters..")
                .layer("engine")
                .definedBy("io.tickring.engine..")
                .layer("bench")
                .definedBy("io.tickring.bench..")
                .whereLayer("bench")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("engine")
                .mayOnlyBeAccessedByLayers("bench")
                .whereLayer("adapters")
                .mayOnlyBeAccessedByLayers("engine", "bench")
                .whereLayer("journal")
                .mayOnlyBeAccessedByLayers("adapters", "engine", "bench")
                .whereLayer("core")
                .mayOnlyBeAccessedByLayers("journal", "adapters", "engine", "bench")
                .check(classes);
    }

    @Test
    void shouldKeepAdaptersOutOfTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("io.tickring.adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.tickring.engine..")
                .because("adapters publish to ingress through io.tickring.core.EventPublisher")
                .check(classes);
    }
}

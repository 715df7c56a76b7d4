package dev.warden.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy module is plain Java: it can run in the CLI, in tests and in editors' tooling without Spring. */
class PolicyArchitectureTests {

    private final com.tngtech.archunit.core.domain.JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.warden.policy");

    @Test
    void dependsOnNoSpringClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..").check(classes);
    }

    @Test
    void publicApiDoesNotExposeTheImplementation() {
        noClasses().that().resideInAPackage("dev.warden.policy").and().arePublic()
                .should().dependOnClassesThat().resideInAPackage("dev.warden.policy.internal..")
                .allowEmptyShould(true)
                .because("only the facades, the loader and the redactor, may reach into the implementation")
                .check(classes.that(com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName("PolicyLoader")
                                .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName("Redactor")))));
    }
}

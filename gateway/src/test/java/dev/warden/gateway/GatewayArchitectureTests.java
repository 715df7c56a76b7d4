package dev.warden.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries, checked rather than hoped for. */
class GatewayArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.warden");

    @Test
    void theGatewayUsesOnlyThePolicyModulesPublicApi() {
        noClasses().that().resideInAPackage("dev.warden.gateway..")
                .should().dependOnClassesThat().resideInAPackage("dev.warden.policy.internal..")
                .check(classes);
    }

    @Test
    void providersKnowNothingOfTheClientFacingApi() {
        noClasses().that().resideInAPackage("dev.warden.gateway.provider..")
                .should().dependOnClassesThat().resideInAPackage("dev.warden.gateway.api..")
                .check(classes);
    }

    @Test
    void theConsoleDoesNotDependOnTheGateway() {
        noClasses().that().resideInAPackage("dev.warden.console..")
                .should().dependOnClassesThat().resideInAPackage("dev.warden.gateway..")
                .check(classes);
    }
}

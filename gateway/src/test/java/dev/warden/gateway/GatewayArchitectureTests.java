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

    /**
     * The model requests' path reads the client's request and writes its response only through
     * {@code exchange.ClientRequest} and {@code ClientResponse}, and opens, authenticates and closes
     * its exchange through {@code exchange.Exchanges} and {@code auth.ApiKeys}, so that another HTTP
     * layer than the servlet container can serve it. The servlet's side is the adapters, the
     * filters, the model endpoints' servlet and the Spring MVC endpoints.
     */
    @Test
    void theModelRequestPathDoesNotDependOnTheServletContainer() {
        noClasses().that().resideInAnyPackage("dev.warden.gateway.api..", "dev.warden.gateway.exchange..",
                        "dev.warden.gateway.auth..", "dev.warden.gateway.quota..", "dev.warden.gateway.routing..",
                        "dev.warden.gateway.provider..", "dev.warden.gateway.health..", "dev.warden.gateway.policy..",
                        "dev.warden.gateway.decisionlog..", "dev.warden.gateway.intent..", "dev.warden.gateway.local..")
                .and().haveNameNotMatching("dev\\.warden\\.gateway\\."
                        + "(api\\.(ServletClient|ModelEndpointServlet|ApiExceptionHandler|BoundedBody|openai\\.ModelsController)"
                        + "|exchange\\.ExchangeFilter|auth\\.ApiKeyFilter)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.apache.catalina..", "org.apache.tomcat..")
                .check(classes);
    }

    @Test
    void theConsoleDoesNotDependOnTheGateway() {
        noClasses().that().resideInAPackage("dev.warden.console..")
                .should().dependOnClassesThat().resideInAPackage("dev.warden.gateway..")
                .check(classes);
    }
}

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
     * filters, the model endpoints' servlet, the Spring MVC endpoints, the control API and the
     * server's configuration.
     */
    @Test
    void theModelRequestPathDoesNotDependOnTheServletContainer() {
        noClasses().that().resideInAPackage("dev.warden.gateway..")
                .and().resideOutsideOfPackages("dev.warden.gateway", "dev.warden.gateway.control..", "dev.warden.gateway.server..")
                .and().haveNameNotMatching("dev\\.warden\\.gateway\\."
                        + "(api\\.(ServletClient|ModelEndpointServlet|ApiExceptionHandler|BoundedBody|openai\\.ModelsController)"
                        + "|exchange\\.ExchangeFilter|auth\\.ApiKeyFilter)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.apache.catalina..", "org.apache.tomcat..",
                        "org.springframework.web.servlet..", "org.springframework.web.filter..")
                .check(classes);
    }

    @Test
    void theConsoleDoesNotDependOnTheGateway() {
        noClasses().that().resideInAPackage("dev.warden.console..")
                .should().dependOnClassesThat().resideInAPackage("dev.warden.gateway..")
                .check(classes);
    }
}

package dev.warden.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The policy module is plain Java: it runs in the gateway, the CLI and CI without Spring. */
class PolicyArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.warden.policy");

    @Test
    void dependsOnNoSpringClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..").check(classes);
    }

    @Test
    void publicApiNeverExposesTheImplementation() {
        var exposed = new ArrayList<String>();
        classes.stream()
                .filter(type -> type.getPackageName().equals("dev.warden.policy") && type.getModifiers().contains(JavaModifier.PUBLIC))
                .forEach(type -> {
                    type.getMethods().stream().filter(method -> method.getModifiers().contains(JavaModifier.PUBLIC)).forEach(method -> {
                        if (isInternal(method.getRawReturnType())
                                || method.getRawParameterTypes().stream().anyMatch(PolicyArchitectureTests::isInternal)) {
                            exposed.add(method.getFullName());
                        }
                    });
                });

        assertThat(exposed).isEmpty();
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().startsWith("dev.warden.policy.internal");
    }
}

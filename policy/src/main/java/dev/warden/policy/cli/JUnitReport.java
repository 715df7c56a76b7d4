package dev.warden.policy.cli;

import dev.warden.policy.PolicyTests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/** Policy test results as JUnit XML, which every CI system displays. */
final class JUnitReport {

    private JUnitReport() {
    }

    static String of(String bundle, List<PolicyTests.Result> results) {
        var byTest = results.stream().collect(Collectors.groupingBy(PolicyTests.Result::test, LinkedHashMap::new, Collectors.toList()));
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = results.stream().filter(r -> !r.passed()).count();
        xml.append("<testsuites name=\"").append(escape(bundle)).append("\" tests=\"").append(results.size())
                .append("\" failures=\"").append(failures).append("\">\n");
        byTest.forEach((test, cases) -> {
            xml.append("  <testsuite name=\"").append(escape(test)).append("\" tests=\"").append(cases.size())
                    .append("\" failures=\"").append(cases.stream().filter(r -> !r.passed()).count()).append("\">\n");
            for (var result : cases) {
                xml.append("    <testcase classname=\"").append(escape(result.source())).append("\" name=\"")
                        .append(escape(result.caseName())).append("\"");
                if (result.passed()) {
                    xml.append("/>\n");
                } else {
                    var message = String.join("; ", result.failures());
                    xml.append(">\n      <failure message=\"").append(escape(message)).append("\">")
                            .append(escape(result.actual().explanation())).append("</failure>\n    </testcase>\n");
                }
            }
            xml.append("  </testsuite>\n");
        });
        return xml.append("</testsuites>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

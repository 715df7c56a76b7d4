package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BundleDiffTests {

    @Test
    void namesWhatWasAddedRemovedAndChanged() {
        var before = bundle(EngineFixtures.rule("a", "true", "action: deny") + EngineFixtures.rule("b", "true", "action: deny"));
        var after = bundle(EngineFixtures.rule("a", "false", "action: deny") + EngineFixtures.rule("c", "true", "action: deny"));

        var diff = BundleDiff.between(before, after);

        assertThat(diff.changes()).extracting(BundleDiff.Change::toString).containsExactly("~ Rule a", "- Rule b", "+ Rule c");
        assertThat(diff.summary()).isEqualTo("Rule +1 -1 ~1");
        assertThat(BundleDiff.between(after, after).summary()).isEqualTo("no changes");
    }

    private static PolicyBundle bundle(String rules) {
        return PolicyLoader.fromSources(List.of(new PolicySource("a.yaml", EngineFixtures.PROVIDERS), new PolicySource("b.yaml", rules)));
    }
}

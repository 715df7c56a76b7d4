package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTests {

    private static final Redactor BUILTINS = Redactor.of(Redactor.BUILTINS, List.of());
    private static final RedactionPattern EMPLOYEE_ID = new RedactionPattern("employee-id", "EMP-[0-9]{6}");

    /** Key-shaped but made up, and built here so that the source holds nothing a scanner would flag. */
    private static String token(int length) {
        return "aZ3kQ9mX7pL2wR5t".repeat(length / 16 + 1).substring(0, length);
    }

    static Stream<Arguments> secrets() {
        var pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B\n\n"
                + token(64) + "\n" + token(40) + "==\n-----END RSA PRIVATE KEY-----";
        return Stream.of(
                arguments("key: sk-" + token(48) + ".", "key: [REDACTED:secret]."),
                arguments("OPENAI_API_KEY=sk-proj-" + token(60) + "_" + token(40), "OPENAI_API_KEY=[REDACTED:secret]"),
                arguments("\"sk-ant-api03-" + token(93) + "AA\"", "\"[REDACTED:secret]\""),
                arguments("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_access_key_id = [REDACTED:secret]"),
                arguments("ghp_" + token(36) + " and gho_" + token(36), "[REDACTED:secret] and [REDACTED:secret]"),
                arguments("ghs_" + token(36) + " ghu_" + token(36) + " ghr_" + token(36),
                        "[REDACTED:secret] [REDACTED:secret] [REDACTED:secret]"),
                arguments("token github_pat_" + token(22) + "_" + token(59), "token [REDACTED:secret]"),
                arguments("xoxb-123456789012-1234567890123-" + token(24) + " xoxp-" + token(30),
                        "[REDACTED:secret] [REDACTED:secret]"),
                arguments("key=AIza" + token(35) + "&q=1", "key=[REDACTED:secret]&q=1"),
                arguments("use wk-" + token(43) + " here", "use [REDACTED:secret] here"),
                arguments("before\n" + pem + "\nafter", "before\n[REDACTED:secret]\nafter"),
                arguments("-----BEGIN PRIVATE KEY-----\n" + token(64) + "\n-----END PRIVATE KEY-----",
                        "[REDACTED:secret]"),
                arguments("-----BEGIN OPENSSH PRIVATE KEY-----\n" + token(70) + "\n-----END OPENSSH PRIVATE KEY-----",
                        "[REDACTED:secret]"),
                arguments("id_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U;",
                        "id_token=[REDACTED:secret];"),
                arguments("Authorization: Bearer " + token(32), "Authorization: Bearer [REDACTED:secret]"),
                arguments("authorization: bearer abc.DEF-123_xyz~+/opaque==", "authorization: bearer [REDACTED:secret]"),
                // the literal prefilter in front of the expression must not miss a case mix or a key at the very end
                arguments("auth: BeArEr abc.DEF-123_xyz~+/opaque", "auth: BeArEr [REDACTED:secret]"),
                arguments("ghs_" + "a1".repeat(20), "[REDACTED:secret]"));
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void masksSecrets(String text, String expected) {
        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isEqualTo(expected);
        assertThat(redaction.counts()).containsOnlyKeys("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "We use sk-learn-and-pandas-for-the-machine-learning-pipeline.",
            "The task-force-2024-planning-meeting-was-moved.",
            "AKIA is a prefix; AKIAIOSFODNN7EXAMPLE1 is too long to be a key id.",
            "ghp_short, gho_ and github_pat_ alone are not tokens.",
            "xoxo-gossip-girl and xoxb- alone",
            "AIzaTooShort and wk-short and eyJ.abc.def",
            "The bearer of bad news; Bearer authentication-explained-simply; Bearer 12345.",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC (truncated, no end line)"})
    void leavesOrdinaryWordsThatResembleSecretsAlone(String text) {
        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isEqualTo(text);
        assertThat(redaction.changed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            alice@example.com                             | [REDACTED:email]
            Mail john.doe+tag@mail.example.co.uk today    | Mail [REDACTED:email] today
            mailto:bob_smith-99@example.org               | mailto:[REDACTED:email]
            <carol@EXAMPLE.io>, dave@example.com          | <[REDACTED:email]>, [REDACTED:email]
            Write to erin@sub.example.com.                | Write to [REDACTED:email].
            """)
    void masksEmailAddresses(String text, String expected) {
        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"thanks @alice for the review", "a@b", "root@localhost", "meet @ noon", "2@3.4",
            "user@example.c0m", "x@.com"})
    void leavesThingsThatAreNotEmailAddressesAlone(String text) {
        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            card 4111111111111111 exp 12/26             | card [REDACTED:card] exp 12/26
            4111 1111 1111 1111                         | [REDACTED:card]
            4111-1111-1111-1111.                        | [REDACTED:card].
            MasterCard 5555555555554444, Amex 378282246310005 | MasterCard [REDACTED:card], Amex [REDACTED:card]
            Amex 3782 822463 10005                      | Amex [REDACTED:card]
            Discover 6011111111111117 (test)            | Discover [REDACTED:card] (test)
            13 digits 4222222222222                     | 13 digits [REDACTED:card]
            19 digits 6011000000000000001               | 19 digits [REDACTED:card]
            4111 1111 1111 1111 123                     | [REDACTED:card] 123
            "number: 4111111111111111"                  | "number: [REDACTED:card]"
            """)
    void masksCardNumbersThatPassTheLuhnCheck(String text, String expected) {
        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isEqualTo(expected);
        assertThat(redaction.counts()).containsOnlyKeys("card");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112",               // fails Luhn
            "4111 1111 1111 1112",            // fails Luhn
            "5555-5555-5555-4445",            // fails Luhn
            "12345678903",                    // passes Luhn, too short
            "41111111111111110000",           // a valid card inside a longer run of digits
            "99994111111111111111",           // likewise, at the end of the run
            "order x4111111111111111",        // part of a word
            "4111111111111111abc",
            "pi is 0.4111111111111111",       // part of a decimal number
            "4111  1111 1111 1111",           // not single separators
            "978-0-306-40615-7",              // an ISBN: groups too short
            "2019 2020 2021 2022"})           // fails Luhn
    void leavesNumbersThatAreNotCardNumbersAlone(String text) {
        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isEqualTo(text);
    }

    @Test
    void masksCustomPatternsUnderTheirName() {
        var redactor = Redactor.of(List.of(), List.of(EMPLOYEE_ID, new RedactionPattern("project", "(?i)project [a-z]+")));

        var redaction = redactor.redact("EMP-123456 and EMP-654321 work on PROJECT Falcon; EMP-12 does not.");

        assertThat(redaction.text())
                .isEqualTo("[REDACTED:employee-id] and [REDACTED:employee-id] work on [REDACTED:project]; EMP-12 does not.");
        assertThat(redaction.counts()).containsExactly(entry("employee-id", 2), entry("project", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            secret    | Secret and SECRET stay; secret goes | Secret and SECRET stay; [REDACTED:p] goes
            a.b       | a\\nb stays, a.b goes               | a\\nb stays, [REDACTED:p] goes
            ^start    | start start                         | [REDACTED:p] start
            end$      | end end                             | end [REDACTED:p]
            x*        | xx y x                              | [REDACTED:p] y [REDACTED:p]
            """)
    void evaluatesCustomPatternsWithoutFlagsAndIgnoresEmptyMatches(String regex, String text, String expected) {
        var redactor = Redactor.of(List.of(), List.of(new RedactionPattern("p", regex)));

        var redaction = redactor.redact(text.replace("\\n", "\n"));

        assertThat(redaction.text()).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void countsMatchesOfEachKindInTheOrderTheDetectorsRan() {
        var redactor = Redactor.of(List.of("email", "card", "secret"), List.of(EMPLOYEE_ID));

        var redaction = redactor.redact("EMP-000001 (a@example.com, b@example.com) paid with 4111 1111 1111 1111 "
                + "using AKIAIOSFODNN7EXAMPLE; EMP-000002, EMP-000003.");

        assertThat(redaction.counts()).containsExactly(
                entry("secret", 1), entry("card", 1), entry("email", 2), entry("employee-id", 3));
        assertThat(redaction.changed()).isTrue();
    }

    @Test
    void masksASecretContainingACardNumberWholeAsASecret() {
        var redaction = BUILTINS.redact("Authorization: Bearer 4111-1111-1111-1111-abcdefgh");

        assertThat(redaction.text()).isEqualTo("Authorization: Bearer [REDACTED:secret]");
        assertThat(redaction.counts()).containsExactly(entry("secret", 1));
    }

    @Test
    void masksASecretContainingAnEmailAddressWholeAsASecret() {
        var pem = "-----BEGIN PRIVATE KEY-----\nComment: alice@example.com\n" + token(64) + "\n-----END PRIVATE KEY-----";

        var redaction = BUILTINS.redact("key:\n" + pem);

        assertThat(redaction.text()).isEqualTo("key:\n[REDACTED:secret]");
        assertThat(redaction.counts()).containsExactly(entry("secret", 1));
    }

    @Test
    void andAppliesThisRedactorsDetectorsAndThenTheOthers() {
        var ids = Redactor.of(List.of(), List.of(EMPLOYEE_ID));
        var emails = Redactor.of(List.of("email"), List.of());

        var redaction = ids.and(emails).redact("alice@example.com is EMP-123456");

        assertThat(redaction.text()).isEqualTo("[REDACTED:email] is [REDACTED:employee-id]");
        assertThat(redaction.counts()).containsExactly(entry("employee-id", 1), entry("email", 1));
    }

    @Test
    void neverMasksWhatAnEarlierDetectorMaskedAgain() {
        var shouting = Redactor.of(List.of(), List.of(new RedactionPattern("shout", "[A-Z]{3,}|:[a-z]+")));

        var redaction = BUILTINS.and(shouting).redact("ALICE wrote to a@example.com");

        assertThat(redaction.text()).isEqualTo("[REDACTED:shout] wrote to [REDACTED:email]");
        assertThat(redaction.counts()).containsExactly(entry("email", 1), entry("shout", 1));
    }

    @Test
    void returnsTheSameTextUnchangedWhenNothingMatches() {
        var text = "Nothing sensitive here: 42 apples, 3.14, user@localhost.";

        var redaction = BUILTINS.redact(text);

        assertThat(redaction.text()).isSameAs(text);
        assertThat(redaction.counts()).isEmpty();
        assertThat(redaction.changed()).isFalse();
    }

    @Test
    void redactorWithoutDetectorsIsEmptyAndChangesNothing() {
        var none = Redactor.of(List.of(), List.of());

        var redaction = none.redact("alice@example.com");

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.and(none).isEmpty()).isTrue();
        assertThat(none.and(BUILTINS).isEmpty()).isFalse();
        assertThat(redaction.changed()).isFalse();
        assertThat(redaction.text()).isEqualTo("alice@example.com");
    }

    @Test
    void redactionWhoseCountsAreAllZeroIsUnchanged() {
        var redaction = new Redaction("text", Map.of("email", 0));

        assertThat(redaction.changed()).isFalse();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                arguments(List.of("phone"), List.of(), List.of("unknown builtin 'phone'", "card, email, secret")),
                arguments(List.of(), List.of(new RedactionPattern("employee-id", "EMP-([0-9]{6}")),
                        List.of("pattern 'employee-id'", "does not compile", "Unclosed group", "EMP-([0-9]{6}")),
                arguments(List.of(), List.of(new RedactionPattern("bad", "*x")),
                        List.of("pattern 'bad'", "Dangling meta character '*'")),
                arguments(List.of(), List.of(EMPLOYEE_ID, new RedactionPattern("  ", "x")), List.of("pattern 2 has a blank name")),
                arguments(List.of(), List.of(new RedactionPattern(null, "x")), List.of("pattern 1 has a blank name")),
                arguments(List.of(), List.of(new RedactionPattern("nothing", "")), List.of("pattern 'nothing' has an empty regex")),
                arguments(List.of("email", "ssn"), List.of(new RedactionPattern("", "[")),
                        List.of("unknown builtin 'ssn'", "pattern 1 has a blank name")));
    }

    @ParameterizedTest
    @MethodSource("problems")
    void rejectsABadRedactionNamingEveryProblem(List<String> builtins, List<RedactionPattern> patterns, List<String> fragments) {
        var thrown = assertThatIllegalArgumentException().isThrownBy(() -> Redactor.of(builtins, patterns));

        fragments.forEach(fragment -> thrown.withMessageContaining(fragment));
    }

    @Test
    void runsTheBuiltinsInOneOrderWhateverOrderTheyAreAskedFor() {
        var redactor = Redactor.of(List.of("email", "card", "secret", "email"), List.of());

        assertThat(redactor).hasToString("Redactor[secret, card, email]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", " ", "a@", "a.", "a@b.", "-a@b.c", "sk-", "sk-a", "-----BEGIN PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----a-", "eyJ", "eyJabcdef.", "Bearer ", "bearer a", "1", "1 ", "411 ",
            "4111-", "0.", "9,", "AKIA", "ghp_", "xoxb-", "wk-", "a@b.c-", "alice@example.com ", "4111111111111111 "})
    void redactsMegabytesOfRepetitiveTextInLinearTime(String unit) {
        var text = unit.repeat(1_200_000 / unit.length() + 1);
        var redactor = BUILTINS.and(Redactor.of(List.of(), List.of(EMPLOYEE_ID)));

        var redaction = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> redactor.redact(text));

        assertThat(redaction.text()).isNotEmpty();
    }

    @Test
    void canBeSharedBetweenThreads() throws Exception {
        var text = "alice@example.com paid 4111 1111 1111 1111 with key AKIAIOSFODNN7EXAMPLE. ".repeat(200);
        var expected = BUILTINS.redact(text);
        Callable<Redaction> task = () -> BUILTINS.redact(text);

        List<Redaction> results;
        try (var executor = Executors.newFixedThreadPool(8)) {
            results = executor.invokeAll(IntStream.range(0, 64).mapToObj(i -> task).toList()).stream()
                    .map(Future::resultNow).toList();
        }

        assertThat(results).allSatisfy(result -> assertThat(result).isEqualTo(expected));
        assertThat(expected.counts()).containsExactly(entry("secret", 200), entry("card", 200), entry("email", 200));
    }
}

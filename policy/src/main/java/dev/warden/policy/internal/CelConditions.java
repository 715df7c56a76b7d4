package dev.warden.policy.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles policy conditions written in CEL against Warden's variables, type-checked so that a
 * misspelt variable or a comparison of the wrong types is an error when the bundle is loaded,
 * not a surprise on a request. Compiled expressions are cached by their text, so that validating
 * a bundle and activating it compile each condition once.
 */
public final class CelConditions {

    /** The variables conditions may use, with their CEL types. */
    public static final Map<String, CelType> VARIABLES = variables();

    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder().build();
    private static final int MAX_CACHED = 10_000;
    private static final int MAX_LENGTH = 4096;
    private static final Map<String, CelAbstractSyntaxTree> CACHE = new ConcurrentHashMap<>();

    /** Compiles a condition, or explains why it does not compile. */
    public Result compile(String expression) {
        if (expression.length() > MAX_LENGTH) {
            return new Result(null, "the condition is longer than " + MAX_LENGTH + " characters");
        }
        var cached = CACHE.get(expression);
        if (cached != null) {
            return new Result(cached, null);
        }
        try {
            var ast = COMPILER.compile(expression).getAst();
            if (CACHE.size() > MAX_CACHED) {
                CACHE.clear();
            }
            CACHE.put(expression, ast);
            return new Result(ast, null);
        } catch (CelValidationException e) {
            var issue = e.getErrors().getFirst();
            var location = issue.getSourceLocation();
            var message = "CEL error at " + location.getLine() + ":" + (location.getColumn() + 1) + " of the expression: "
                    + issue.getMessage();
            if (issue.getMessage().contains("undeclared reference")) {
                message += " (variables: " + String.join(", ", VARIABLES.keySet()) + ")";
            }
            return new Result(null, message);
        }
    }

    /** Checks a condition found at {@code path} of a document, reporting a problem there if it does not compile. */
    void check(SpecReader reader, String path, String expression) {
        var result = compile(expression);
        if (result.error() != null) {
            reader.problem(path, result.error());
        }
    }

    /** Builds an executable program from a compiled condition. */
    public static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
        try {
            return RUNTIME.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("a checked CEL expression could not be planned: " + e.getMessage(), e);
        }
    }

    /** A compiled condition, or the reason there is none. */
    public record Result(CelAbstractSyntaxTree ast, String error) {
        public Optional<CelAbstractSyntaxTree> compiled() {
            return Optional.ofNullable(ast);
        }
    }

    private static Map<String, CelType> variables() {
        var variables = new LinkedHashMap<String, CelType>();
        for (var name : new String[] {"principal.key", "principal.team", "principal.user", "principal.org"}) {
            variables.put(name, SimpleType.STRING);
        }
        variables.put("principal.roles", ListType.create(SimpleType.STRING));
        variables.put("request.endpoint", SimpleType.STRING);
        variables.put("request.model", SimpleType.STRING);
        variables.put("request.stream", SimpleType.BOOL);
        variables.put("request.labels", MapType.create(SimpleType.STRING, SimpleType.STRING));
        variables.put("request.estimatedPromptTokens", SimpleType.INT);
        variables.put("request.maxTokens", SimpleType.INT);
        variables.put("request.messageCount", SimpleType.INT);
        variables.put("request.repo", SimpleType.STRING);
        variables.put("request.intent", SimpleType.STRING);
        variables.put("time.hour", SimpleType.INT);
        variables.put("time.minute", SimpleType.INT);
        variables.put("time.weekday", SimpleType.STRING);
        variables.put("time.date", SimpleType.STRING);
        variables.put("route.errorRate", SimpleType.DOUBLE);
        variables.put("route.latencyP50Ms", SimpleType.DOUBLE);
        variables.put("route.latencyP95Ms", SimpleType.DOUBLE);
        return Collections.unmodifiableMap(variables);
    }

    private static CelCompiler compiler() {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.BOOL);
        VARIABLES.forEach(builder::addVar);
        return builder.build();
    }
}

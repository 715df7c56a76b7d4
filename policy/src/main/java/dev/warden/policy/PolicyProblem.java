package dev.warden.policy;

/**
 * One thing wrong with a policy bundle, located as precisely as the loader can.
 *
 * @param source the file the problem is in
 * @param line   1-based line of the document or field at fault, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong and what was expected
 */
public record PolicyProblem(String source, int line, int column, String message) {

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column + ": " + message : source + ": " + message;
    }
}

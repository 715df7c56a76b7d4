package dev.warden.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How an allowed request is to be served.
 *
 * @param route        the route chosen (the requested model's, or one a rule forced); empty when
 *                     the model has no route
 * @param targets      the targets to try, in order (a locality rule may have removed some)
 * @param labels       labels for the decision record: the client's and the rules'
 * @param instructions system instructions that coaching rules add, in rule order
 * @param redactor     what to mask before the request leaves (empty when nothing)
 * @param auditFlags   audit flags for the decision record
 * @param limits       the limits that apply to the request
 * @param recordBodies the size up to which bodies are kept on the decision record; 0 when they are not kept
 */
public record Plan(Optional<String> route, List<Target> targets, Map<String, String> labels, List<String> instructions,
                   Redactor redactor, Set<String> auditFlags, List<LimitSpec> limits, int recordBodies) {

    public Plan {
        targets = List.copyOf(targets);
        labels = Map.copyOf(labels);
        instructions = List.copyOf(instructions);
        redactor = redactor == null ? Redactor.of(List.of(), List.of()) : redactor;
        auditFlags = Set.copyOf(auditFlags);
        limits = List.copyOf(limits);
    }
}

package io.dockmedic.policy;

import java.util.List;

/** A policy file that cannot be used: one line per problem, each with file, line, column and field. */
public final class PolicyFileException extends RuntimeException {

    private final transient List<PolicyProblem> problems;

    PolicyFileException(List<PolicyProblem> problems) {
        super(String.join(System.lineSeparator(), problems.stream().map(PolicyProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order they occur in the file. */
    public List<PolicyProblem> problems() {
        return problems;
    }
}

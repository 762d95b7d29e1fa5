package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * An exec in a runbook.
 *
 * @param argv the command and its arguments
 * @param container the container to run in
 * @param user the user
 * @param timeout how long it may take
 * @param expectedExitCode the exit code that means success
 * @param outputLimit characters of output kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecSpec(
        @JsonPropertyDescription("The command and its arguments as separate strings. There is no shell unless you "
                + "name one as argv[0] (e.g. [\"sh\", \"-c\", \"...\"]); nothing from a log or a template is ever "
                + "interpolated.")
        @Required
        @Size(min = 1, max = 64)
        List<String> argv,

        @JsonPropertyDescription("Name of the container to run it in; default: the container the issue was seen in.")
        String container,

        @JsonPropertyDescription("User to run as (name or uid[:gid]); default: the container's user.")
        String user,

        @JsonPropertyDescription("How long it may run (default 30s); it fails when it takes longer.")
        @Pattern(LogAuditSpec.DURATION_PATTERN)
        String timeout,

        @JsonPropertyDescription("The exit code that means success (default 0).")
        @Min(0) @Max(255)
        Integer expectedExitCode,

        @JsonPropertyDescription("Characters of its output kept in the task's status (default 4096).")
        @Min(0) @Max(65536)
        Integer outputLimit) {
}

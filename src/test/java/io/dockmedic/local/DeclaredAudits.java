package io.dockmedic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.operator.api.LogAudit;
import java.io.IOException;
import java.io.UncheckedIOException;

/** LogAudits as a policy file declares them: a name and a spec, nothing the loop keeps. */
final class DeclaredAudits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeclaredAudits() {
    }

    /** The audit {@code name} with the spec given as JSON. */
    static LogAudit audit(String name, String spec) {
        try {
            return JSON.readValue("{\"apiVersion\":\"dockmedic.io/v1alpha1\",\"kind\":\"LogAudit\",\"metadata\":"
                    + "{\"name\":\"" + name + "\"},\"spec\":" + spec + "}", LogAudit.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

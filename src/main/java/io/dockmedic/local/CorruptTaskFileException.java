package io.dockmedic.local;

import java.nio.file.Path;

/** A task file that does not parse as a RemediationTask (truncated, hand-edited, not JSON); it is left as it is. */
public final class CorruptTaskFileException extends LocalStoreException {

    private final Path path;

    public CorruptTaskFileException(Path path, String reason, Throwable cause) {
        super("the task file " + path + " does not parse (" + reason + "); fix or move it, dockmedic leaves it as "
                + "it is", cause);
        this.path = path;
    }

    /** The file that does not parse. */
    public Path path() {
        return path;
    }
}

package io.dockmedic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit the build stamped into {@code io/dockmedic/build.properties}.
 *
 * @param version the project version, e.g. 0.1.0-SNAPSHOT
 * @param commit the abbreviated commit id, or null when the build did not know it
 */
public record BuildInfo(String version, String commit) {

    private static final String RESOURCE = "/io/dockmedic/build.properties";

    /** What this build stamped. */
    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return of(properties);
    }

    /** From the stamped properties {@code version} and {@code commit}. */
    static BuildInfo of(Properties properties) {
        return new BuildInfo(known(properties.getProperty("version")), known(properties.getProperty("commit")));
    }

    /** "dockmedic 0.1.0 (commit 0123456789ab)". */
    public String line() {
        return "dockmedic " + (version == null ? "development build" : version)
                + " (commit " + (commit == null ? "unknown" : commit) + ")";
    }

    // Empty, or a placeholder left unfilled (e.g. git could not be asked), means the build did not know.
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }
}

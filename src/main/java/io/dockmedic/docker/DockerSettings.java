package io.dockmedic.docker;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to reach the Docker engine, read from the environment the way the docker CLI does.
 *
 * @param host the engine's address ({@code DOCKER_HOST}); default {@value #DEFAULT_HOST}
 * @param tlsVerify whether to use TLS with client certificates ({@code DOCKER_TLS_VERIFY} set and not 0/false)
 * @param certPath folder with ca.pem, cert.pem and key.pem ({@code DOCKER_CERT_PATH}; default ~/.docker)
 * @param connectTimeout how long to wait for a connection ({@code DOCKMEDIC_DOCKER_CONNECT_TIMEOUT}, seconds; default 5)
 * @param readTimeout the longest silence tolerated from the engine, per request and while a log
 *     streams ({@code DOCKMEDIC_DOCKER_READ_TIMEOUT}, seconds; default 60), so a hung daemon cannot hang a scan
 * @param logFiles whether {@code json-file} logs are read straight from the engine's files when they are
 *     on this machine and readable ({@code DOCKMEDIC_DOCKER_LOG_FILES}: {@code auto}, the default, or
 *     {@code off} to always use the API)
 */
public record DockerSettings(String host, boolean tlsVerify, String certPath, Duration connectTimeout,
        Duration readTimeout, boolean logFiles) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** Settings that read log files directly when they can. */
    public DockerSettings(String host, boolean tlsVerify, String certPath, Duration connectTimeout,
            Duration readTimeout) {
        this(host, tlsVerify, certPath, connectTimeout, readTimeout, true);
    }

    /** Settings from these environment variables (pass {@code System.getenv()}). */
    public static DockerSettings fromEnvironment(Map<String, String> env) {
        String host = blankToNull(env.get("DOCKER_HOST"));
        String tls = blankToNull(env.get("DOCKER_TLS_VERIFY"));
        boolean tlsVerify = tls != null && !tls.equals("0") && !tls.toLowerCase(Locale.ROOT).equals("false");
        String certPath = blankToNull(env.get("DOCKER_CERT_PATH"));
        if (certPath == null) {
            certPath = System.getProperty("user.home") + "/.docker";
        }
        return new DockerSettings(
                host == null ? DEFAULT_HOST : host,
                tlsVerify,
                certPath,
                seconds(env, "DOCKMEDIC_DOCKER_CONNECT_TIMEOUT", 5),
                seconds(env, "DOCKMEDIC_DOCKER_READ_TIMEOUT", 60),
                logFiles(env.get("DOCKMEDIC_DOCKER_LOG_FILES")));
    }

    /** The same settings with direct reading of log files on or off. */
    public DockerSettings withLogFiles(boolean on) {
        return new DockerSettings(host, tlsVerify, certPath, connectTimeout, readTimeout, on);
    }

    private static boolean logFiles(String value) {
        String mode = blankToNull(value);
        if (mode == null || mode.equalsIgnoreCase("auto")) {
            return true;
        }
        if (mode.equalsIgnoreCase("off")) {
            return false;
        }
        throw new IllegalArgumentException("DOCKMEDIC_DOCKER_LOG_FILES must be auto or off, not '" + value + "'");
    }

    private static Duration seconds(Map<String, String> env, String name, long fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return Duration.ofSeconds(fallback);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number of seconds, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

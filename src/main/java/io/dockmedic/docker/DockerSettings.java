package io.dockmedic.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to reach the Docker engine, read from the environment the way the docker CLI does. Every
 * value is checked where it is read: a bad one is an {@link IllegalArgumentException} whose message is one
 * line naming the setting.
 *
 * @param host the engine's address ({@code DOCKER_HOST}): {@code unix:///path} or {@code tcp://HOST:PORT};
 *     default {@value #DEFAULT_HOST}
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
    /** The longest timeout accepted, in seconds: a day. Longer is a mistake (and overflows in milliseconds). */
    public static final long MAX_TIMEOUT_SECONDS = 86_400;
    /** The files DOCKER_CERT_PATH must hold when TLS is on. */
    public static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    /** Settings that read log files directly when they can. */
    public DockerSettings(String host, boolean tlsVerify, String certPath, Duration connectTimeout,
            Duration readTimeout) {
        this(host, tlsVerify, certPath, connectTimeout, readTimeout, true);
    }

    /**
     * Settings from these environment variables (pass {@code System.getenv()}).
     *
     * @throws IllegalArgumentException naming the variable that is wrong and why
     */
    public static DockerSettings fromEnvironment(Map<String, String> env) {
        String host = blankToNull(env.get("DOCKER_HOST"));
        String tls = blankToNull(env.get("DOCKER_TLS_VERIFY"));
        boolean tlsVerify = tls != null && !tls.equals("0") && !tls.toLowerCase(Locale.ROOT).equals("false");
        String certPath = blankToNull(env.get("DOCKER_CERT_PATH"));
        if (certPath == null) {
            certPath = System.getProperty("user.home") + "/.docker";
        }
        host = host == null ? DEFAULT_HOST : host;
        checkHost(host, "DOCKER_HOST");
        if (tlsVerify) {
            checkTlsMaterial(Path.of(certPath));
        }
        return new DockerSettings(host, tlsVerify, certPath,
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

    /**
     * Checks that {@code host} is an address dockmedic can reach Docker at: {@code unix:///absolute/path} or
     * {@code tcp://HOST:PORT}; {@code setting} names where it came from (e.g. {@code DOCKER_HOST}).
     *
     * @throws IllegalArgumentException one line naming the setting and what to write instead
     */
    public static void checkHost(String host, String setting) {
        URI uri;
        try {
            uri = new URI(host);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " '" + host + "' is not a valid address (" + e.getReason()
                    + "): use unix:///path/to/docker.sock or tcp://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix" -> {
                if (uri.getRawAuthority() != null || uri.getPath() == null || uri.getPath().length() < 2
                        || uri.getQuery() != null) {
                    throw new IllegalArgumentException(setting + " '" + host
                            + "' is not a socket path: use unix:///absolute/path/to/docker.sock");
                }
            }
            case "tcp" -> {
                boolean hasPath = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/");
                if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || hasPath
                        || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                    throw new IllegalArgumentException(setting + " '" + host
                            + "' is not a tcp://HOST:PORT address (PORT 1-65535, nothing after it)");
                }
            }
            case "npipe" -> throw new IllegalArgumentException(setting + " '" + host
                    + "' is a Windows named pipe, which dockmedic cannot open: use unix:///path/to/docker.sock "
                    + "or tcp://HOST:PORT");
            case "http", "https" -> throw new IllegalArgumentException(setting + " '" + host
                    + "' is not supported: use tcp://HOST:PORT (with DOCKER_TLS_VERIFY=1 for TLS)");
            default -> throw new IllegalArgumentException(setting + " '" + host
                    + "' is not supported: use unix:///path/to/docker.sock or tcp://HOST:PORT");
        }
    }

    private static void checkTlsMaterial(Path folder) {
        for (String file : TLS_FILES) {
            if (!Files.isReadable(folder.resolve(file))) {
                throw new IllegalArgumentException("DOCKER_TLS_VERIFY is set but DOCKER_CERT_PATH '" + folder
                        + "' has no readable " + file + " (it needs " + String.join(", ", TLS_FILES) + ")");
            }
        }
    }

    private static Duration seconds(Map<String, String> env, String name, long fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return Duration.ofSeconds(fallback);
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds from 1 to "
                    + MAX_TIMEOUT_SECONDS + ", not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

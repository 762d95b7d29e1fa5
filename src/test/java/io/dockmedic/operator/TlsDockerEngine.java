package io.dockmedic.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second, private Docker engine beside the machine's own: {@code dockerd} on a loopback TCP port with
 * {@code --tlsverify}, its own data root, exec root (and so its own containerd), pid file, a bridge of
 * its own and no iptables rules, with a CA, a server certificate and a client certificate made by
 * openssl. {@link #wrongClient()} is a client certificate from another CA, which the engine must refuse.
 *
 * <p>Never {@code --bridge=none}: a dockerd started so deletes the host's {@code docker0}, the bridge
 * of the machine's own engine. The private bridge gets an address in 198.18.0.0/15 (reserved for
 * benchmarks), which no Docker address pool uses.
 */
final class TlsDockerEngine implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String bridge;
    private final Process dockerd;

    private TlsDockerEngine(Path dir, int port, String bridge, Process dockerd) {
        this.dir = dir;
        this.port = port;
        this.bridge = bridge;
        this.dockerd = dockerd;
    }

    /** Makes the certificates, starts dockerd and waits until it answers over TLS. */
    static TlsDockerEngine start(Path dir) throws IOException, InterruptedException {
        Path certs = Files.createDirectories(dir.resolve("client"));
        Path server = Files.createDirectories(dir.resolve("server"));
        Path wrong = Files.createDirectories(dir.resolve("wrong-client"));
        certificateAuthority(server, "dmtest-ca");
        signed(server, server, "server", "/CN=127.0.0.1",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        signed(server, certs, "client", "/CN=dmtest-client", "extendedKeyUsage=clientAuth\n");
        Files.copy(server.resolve("ca.pem"), certs.resolve("ca.pem"));
        // The wrong client trusts the right engine but holds a certificate the engine never signed.
        Path otherCa = Files.createDirectories(dir.resolve("other-ca"));
        certificateAuthority(otherCa, "dmtest-other-ca");
        signed(otherCa, wrong, "client", "/CN=dmtest-intruder", "extendedKeyUsage=clientAuth\n");
        Files.copy(server.resolve("ca.pem"), wrong.resolve("ca.pem"));

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("daemon.json"), "{}\n");
        String bridge = "dmtls" + Integer.toHexString(port);
        String address = "198.18." + (port % 250) + ".1/24";
        Result made = run(List.of("sh", "-c", "ip link add " + bridge + " type bridge && ip addr add " + address
                + " dev " + bridge + " && ip link set " + bridge + " up"));
        if (made.exit() != 0) {
            throw new IllegalStateException("cannot create the bridge " + bridge + " (needs root): " + made.output());
        }
        Process dockerd = new ProcessBuilder("dockerd", "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(), "-H", "tcp://127.0.0.1:" + port,
                "--tlsverify", "--tlscacert", server.resolve("ca.pem").toString(),
                "--tlscert", server.resolve("server-cert.pem").toString(),
                "--tlskey", server.resolve("server-key.pem").toString(),
                "--bridge=" + bridge, "--iptables=false", "--ip-masq=false")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        TlsDockerEngine engine = new TlsDockerEngine(dir, port, bridge, dockerd);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (engine.docker("version", "--format", "{{.Server.Version}}").exit() != 0) {
            if (!dockerd.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("dockerd.log"), StandardCharsets.UTF_8);
                engine.close();
                throw new IllegalStateException("the second dockerd did not answer on port " + port + ":\n" + log);
            }
            Thread.sleep(500);
        }
        return engine;
    }

    /** tcp://127.0.0.1:PORT */
    String host() {
        return "tcp://127.0.0.1:" + port;
    }

    /** ca.pem, cert.pem, key.pem of a client the engine trusts. */
    Path client() {
        return dir.resolve("client");
    }

    /** ca.pem (the engine's CA), cert.pem, key.pem signed by another CA. */
    Path wrongClient() {
        return dir.resolve("wrong-client");
    }

    /** Copies an image of the machine's engine into this one. */
    void load(String image) throws IOException, InterruptedException {
        Result saved = run(List.of("sh", "-c", "docker save " + image + " | docker -H " + host()
                + " --tlsverify --tlscacert " + client().resolve("ca.pem") + " --tlscert " + client().resolve("cert.pem")
                + " --tlskey " + client().resolve("key.pem") + " load"));
        if (saved.exit() != 0) {
            throw new IllegalStateException("docker save " + image + " | docker load failed: " + saved.output());
        }
    }

    /** Runs the docker CLI against this engine as the trusted client. */
    Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "-H", host(), "--tlsverify",
                "--tlscacert", client().resolve("ca.pem").toString(), "--tlscert", client().resolve("cert.pem").toString(),
                "--tlskey", client().resolve("key.pem").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Removes every container of this private engine, stops it, deletes its bridge and its folders. */
    @Override
    public void close() {
        try {
            if (dockerd.isAlive()) {
                Result ids = docker("ps", "-aq");
                if (ids.exit() == 0 && !ids.output().isBlank()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(ids.output().lines().toList());
                    docker(rm.toArray(String[]::new));
                }
            }
            dockerd.destroy(); // SIGTERM to the dockerd this class started, and only to it
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            run(List.of("ip", "link", "del", bridge));
            run(List.of("sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/mounts | xargs -r -n1 umount -l"));
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int exit, String output) { }

    private static void certificateAuthority(Path dir, String name) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=" + name);
    }

    // Writes NAME-key.pem and NAME-cert.pem for the server, key.pem and cert.pem for a client (DOCKER_CERT_PATH layout).
    private static void signed(Path ca, Path out, String name, String subject, String extensions)
            throws IOException, InterruptedException {
        boolean client = name.equals("client");
        Path key = out.resolve(client ? "key.pem" : name + "-key.pem");
        Path cert = out.resolve(client ? "cert.pem" : name + "-cert.pem");
        Path csr = out.resolve(name + ".csr");
        Path ext = out.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl(out, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", subject);
        openssl(out, "x509", "-req", "-in", csr.toString(), "-CA", ca.resolve("ca.pem").toString(),
                "-CAkey", ca.resolve("ca-key.pem").toString(), "-CAcreateserial", "-out", cert.toString(),
                "-days", "2", "-extfile", ext.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}

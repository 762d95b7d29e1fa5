package io.dockmedic.cli;

import io.dockmedic.audit.InvalidSpecException;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.local.LocalStoreException;
import io.dockmedic.local.LocalTaskStore;
import io.dockmedic.local.WatchLoop;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.policy.PolicyFile;
import io.dockmedic.policy.PolicyFileException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dockmedic watch}: the operator's detect, fix, hand off and verify loop on one Docker host, no cluster. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the operator's loop on this host without Kubernetes: scans the containers of each LogAudit in the "
                    + "policy file at its interval and when Docker reports one dying, OOM-killed or unhealthy; keeps "
                    + "one RemediationTask per issue in the state directory; restarts or runs runbooks under the "
                    + "audit's remediation policy; verifies fixes; and rewrites docker_audit_report.json, "
                    + "remediation_plan.json, remediation_log.json, remediation_progress.log and "
                    + "learnings/docker_remediation.xml after every round.",
            "Agents work on the same tasks with 'dockmedic tasks ... --state DIR' or 'dockmedic mcp --state DIR' "
                    + "while it runs. Docker is found as the docker CLI finds it (DOCKER_HOST, DOCKER_TLS_VERIFY, "
                    + "DOCKER_CERT_PATH)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:with --once: every audit was scanned",
            "2:error: bad policy file, unreadable or unwritable state directory, bad Docker settings; with --once "
                    + "also an unreachable engine or a failed cycle",
            "143:stopped by SIGTERM (130 by Ctrl-C), after the cycle under way finished"})
public final class WatchCommand implements Callable<Integer> {

    /** The audit of a run without a policy file. */
    static final String DEFAULT_AUDIT = "local";

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Policy file: one or more LogAudits (kind: LogAudit, the CRD's schema) as YAML documents. "
                    + "Without it, one audit named '" + DEFAULT_AUDIT + "' scans every container with the defaults.")
    Path file;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "${env:DOCKMEDIC_STATE:-.dockmedic}",
            description = "State directory: tasks, audit cursors, templates (default: $DOCKMEDIC_STATE, else "
                    + ".dockmedic). Created if missing.")
    Path state;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Folder for the five report files (default: the state directory).")
    Path output;

    @Option(names = "--once", description = "Run one cycle of every audit, write the files, and exit (for cron and CI).")
    boolean once;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        WatchLoop loop;
        try {
            List<LogAudit> audits = file == null ? List.of(defaultAudit()) : PolicyFile.load(file);
            DockerSettings docker = DockerSettings.fromEnvironment(System.getenv());
            LocalTaskStore tasks = LocalTaskStore.openOrCreate(state, line -> warn(err, line), clock);
            loop = new WatchLoop(new WatchLoop.Setup(state, output == null ? state : output, tasks, docker),
                    audits, clock, out, line -> warn(err, line));
        } catch (PolicyFileException | InvalidSpecException | LocalStoreException | UncheckedIOException
                | IllegalArgumentException e) {
            err.println("dockmedic watch: " + e.getMessage());
            err.flush();
            return 2;
        }
        try (loop) {
            return once ? runOnce(loop, out, err) : runUntilStopped(loop, out);
        }
    }

    private int runOnce(WatchLoop loop, PrintWriter out, PrintWriter err) {
        List<WatchLoop.AuditRound> round = loop.once();
        out.flush();
        boolean allScanned = round.stream().allMatch(WatchLoop.AuditRound::scanned);
        if (!allScanned) {
            err.println("dockmedic watch: not every audit was scanned (see above)");
            err.flush();
        }
        return allScanned ? 0 : 2;
    }

    private int runUntilStopped(WatchLoop loop, PrintWriter out) {
        out.printf("dockmedic watch: state in %s, reports in %s; agents: dockmedic tasks list --state %s%n", state,
                output == null ? state : output, state);
        out.flush();
        CountDownLatch finished = new CountDownLatch(1);
        // On SIGTERM the cycle under way finishes (its writes are atomic anyway) before the JVM exits.
        Thread stopper = new Thread(() -> {
            loop.stop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dockmedic-watch-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            loop.run();
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private static LogAudit defaultAudit() {
        LogAudit audit = new LogAudit();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(DEFAULT_AUDIT);
        audit.setMetadata(meta);
        audit.setSpec(new LogAuditSpec(null, null, null, null, null, null, null, null, null, null));
        return audit;
    }

    private static void warn(PrintWriter err, String line) {
        synchronized (err) {
            err.println("dockmedic watch: " + line);
            err.flush();
        }
    }
}

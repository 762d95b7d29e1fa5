package io.dockmedic.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import io.dockmedic.core.fix.FixAction;
import io.dockmedic.core.fix.FixExecutor;
import io.dockmedic.core.fix.FixOutcome;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries out automatic fixes on a Docker engine: a restart, or an exec of exactly the argv the spec
 * declared (passed to the engine as an array, so no shell ever parses it unless the spec names one).
 */
final class DockerFixExecutor implements FixExecutor {

    /** Seconds a restart waits for the container to stop before the engine kills it. */
    static final int STOP_GRACE_SECONDS = 10;

    private final Supplier<DockerClient> connect;

    /** {@code connect} gives the client at the first fix (a runtime that only scans never opens it). */
    DockerFixExecutor(Supplier<DockerClient> connect) {
        this.connect = connect;
    }

    @Override
    public FixOutcome run(FixAction action, String containerId) {
        try {
            return action.kind() == FixAction.Kind.RESTART ? restart(containerId) : exec(action, containerId);
        } catch (DockerException | IllegalStateException e) {
            return new FixOutcome(false, null, null, "the engine refused: " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            return new FixOutcome(false, null, null, "the engine could not be reached: " + oneLine(e.getMessage()));
        }
    }

    private FixOutcome restart(String containerId) {
        connect.get().restartContainerCmd(containerId).withTimeout(STOP_GRACE_SECONDS).exec();
        return new FixOutcome(true, null, null, "the engine restarted the container");
    }

    private FixOutcome exec(FixAction action, String containerId) {
        DockerClient client = connect.get();
        ExecCreateCmd create = client.execCreateCmd(containerId)
                .withCmd(action.argv().toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true);
        if (action.user() != null && !action.user().isBlank()) {
            create.withUser(action.user());
        }
        String execId = create.exec().getId();
        CappedOutput output = new CappedOutput(action.outputLimit());
        boolean finished;
        try (ResultCallback.Adapter<Frame> callback = client.execStartCmd(execId).exec(output)) {
            finished = callback.awaitCompletion(action.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FixOutcome(false, null, output.text(), "interrupted while waiting for the exec");
        } catch (java.io.IOException e) {
            finished = true; // closing the stream after completion has nothing left to lose
        }
        if (!finished) {
            return new FixOutcome(false, null, output.text(), "the exec did not finish within "
                    + action.timeout().toSeconds() + "s (it may still run in the container)");
        }
        Long exit = client.inspectExecCmd(execId).exec().getExitCodeLong();
        Integer code = exit == null ? null : exit.intValue();
        boolean ok = code != null && code == action.expectedExitCode();
        return new FixOutcome(ok, code, output.text(), "exited with " + code
                + (ok ? "" : ", expected " + action.expectedExitCode()));
    }

    private static String oneLine(String message) {
        return message == null ? "no message" : message.strip().replaceAll("\\s+", " ");
    }

    /** Collects an exec's output up to a limit; the rest is counted, not kept. */
    private static final class CappedOutput extends ResultCallback.Adapter<Frame> {
        private final int limit;
        private final StringBuilder text = new StringBuilder();
        private long dropped;

        CappedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public void onNext(Frame frame) {
            String chunk = new String(frame.getPayload(), StandardCharsets.UTF_8);
            synchronized (text) {
                int room = Math.max(0, limit - text.length());
                text.append(chunk, 0, Math.min(room, chunk.length()));
                dropped += Math.max(0, chunk.length() - room);
            }
        }

        String text() {
            synchronized (text) {
                return dropped == 0 ? text.toString() : text + "\n[" + dropped + " more characters not kept]";
            }
        }
    }
}

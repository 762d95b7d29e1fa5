package io.dockmedic.local;

import static io.dockmedic.local.DeclaredAudits.audit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.operator.api.LogAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local LogAudit state: the uid that owns the audit's tasks, its generation, and unreadable files. */
class LocalAuditsTest {

    @TempDir
    Path state;

    @Test
    void aNewAuditsUidIsOnDiskBeforeAnyCycleRunsSoACrashBeforeTheFirstStatusWriteKeepsItsTasksItsOwn() {
        LocalAudits audits = new LocalAudits(state);
        String uid = audits.recall(audit("shop", "{\"interval\":\"30s\"}")).getMetadata().getUid();

        assertThat(audits.file("shop")).exists();
        // What the next process finds when the first one died before it wrote any status.
        LogAudit again = new LocalAudits(state).recall(audit("shop", "{\"interval\":\"30s\"}"));
        assertThat(again.getMetadata().getUid()).isEqualTo(uid);
        assertThat(again.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(again.getStatus()).isNull();
    }

    @Test
    void aChangedSpecKeepsTheUidAndRaisesTheGeneration() {
        LocalAudits audits = new LocalAudits(state);
        LogAudit first = audits.recall(audit("shop", "{\"interval\":\"30s\"}"));

        LogAudit changed = audits.recall(audit("shop", "{\"interval\":\"10s\"}"));

        assertThat(changed.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
        assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void anUnreadableStateFileIsRefusedWithItsNameAndLeftAsItWas() throws IOException {
        LocalAudits audits = new LocalAudits(state);
        Files.createDirectories(audits.file("shop").getParent());
        Files.writeString(audits.file("shop"), "{\"metadata\": {\"uid\": ");

        assertThatThrownBy(() -> audits.recall(audit("shop", "{}")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(audits.file("shop").toString())
                .hasMessageContaining("move it away");
        assertThat(audits.file("shop")).hasContent("{\"metadata\": {\"uid\": ");
    }
}

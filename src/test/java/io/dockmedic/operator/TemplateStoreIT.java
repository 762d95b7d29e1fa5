package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The template store against a real kube-apiserver: its own store is restored, a planted one never loaded. */
class TemplateStoreIT extends WithApiServer {

    /** What the planted ConfigMap of the report held: about 240 MB of JSON. */
    private static final long BOMB_JSON = 240L << 20;

    @Test
    void theAuditsOwnStoreIsRestored() {
        LogAudit audit = audit("dmstore-own", "own");
        TemplateStore store = new TemplateStore(client);
        TemplateMiner miner = new TemplateMiner();
        miner.pin(miner.mine("ERROR login failed for user alice").id());
        store.save(audit, miner.snapshot());

        TemplateStore.Restored restored = store.load(audit);

        assertThat(restored.rejection()).isNull();
        assertThat(restored.restoredTemplates()).isEqualTo(1);
        assertThat(restored.miner().snapshot().pinnedIds()).isEqualTo(miner.snapshot().pinnedIds());
    }

    @Test
    void aForeignStoreIsReportedAndReplacedWithoutBeingUnpacked() {
        LogAudit audit = audit("dmstore-foreign", "victim");
        client.configMaps().resource(PlantedStores.foreign(audit, PlantedStores.bomb(BOMB_JSON))).create();

        TemplateStore.Restored restored = new TemplateStore(client).load(audit);

        assertThat(restored.rejection().reason()).isEqualTo("ForeignStore");
        assertThat(restored.rejection().message()).contains("ConfigMap dmstore-foreign/dockmedic-templates-victim",
                "not owned by LogAudit victim", "a new template store replaces it");
        assertThat(restored.restoredTemplates()).isZero();
        assertReplaced(audit);
    }

    @Test
    void aForgedBombWithOwnerLabelAndChecksumStopsAtTheUnpackLimit() {
        LogAudit audit = audit("dmstore-forged", "victim");
        byte[] bomb = PlantedStores.bomb(BOMB_JSON);
        System.out.printf("figure: planted bomb %d KiB packed, %d MiB of JSON%n", bomb.length / 1024, BOMB_JSON >> 20);
        client.configMaps().resource(PlantedStores.forged(audit, bomb)).create();

        TemplateStore.Restored restored = new TemplateStore(client).load(audit);

        assertThat(restored.rejection().reason()).isEqualTo("OversizedStore");
        assertThat(restored.rejection().message()).contains("unpacks to more than", "MiB of JSON");
        assertReplaced(audit);
    }

    @Test
    void aStoreWhoseChecksumDoesNotMatchIsCorrupt() {
        LogAudit audit = audit("dmstore-corrupt", "victim");
        TemplateStore store = new TemplateStore(client);
        TemplateMiner miner = new TemplateMiner();
        miner.pin(miner.mine("ERROR disk full on /data").id());
        store.save(audit, miner.snapshot());
        ConfigMap saved = client.configMaps().inNamespace(audit.getMetadata().getNamespace())
                .withName(TemplateStore.name("victim")).get();
        byte[] packed = Base64.getDecoder().decode(saved.getBinaryData().get(TemplateStore.KEY));
        packed[packed.length / 2] ^= 0x55;
        saved.getBinaryData().put(TemplateStore.KEY, Base64.getEncoder().encodeToString(packed));
        client.configMaps().resource(saved).update();

        TemplateStore.Restored restored = store.load(audit);

        assertThat(restored.rejection().reason()).isEqualTo("CorruptStore");
        assertThat(restored.rejection().message()).contains("SHA-256");
        assertReplaced(audit);
    }

    @Test
    void aStoreLargerThanAConfigMapMayHoldIsNotDecoded() {
        LogAudit audit = audit("dmstore-large", "victim");
        byte[] noise = new byte[TemplateStore.MAX_BYTES + 64 * 1024];
        new Random(7).nextBytes(noise);
        client.configMaps().resource(PlantedStores.forged(audit, noise)).create();

        TemplateStore.Restored restored = new TemplateStore(client).load(audit);

        assertThat(restored.rejection().reason()).isEqualTo("OversizedStore");
        assertThat(restored.rejection().message()).contains("KiB packed");
        assertReplaced(audit);
    }

    /** The store now is the operator's own (an empty miner) and restores cleanly. */
    private static void assertReplaced(LogAudit audit) {
        ConfigMap now = client.configMaps().inNamespace(audit.getMetadata().getNamespace())
                .withName(TemplateStore.name(audit.getMetadata().getName())).get();
        assertThat(now.getBinaryData().get(TemplateStore.KEY).length()).as("the bomb is gone").isLessThan(1024);
        assertThat(now.getMetadata().getAnnotations()).containsKey(TemplateStore.CHECKSUM);
        TemplateStore.Restored again = new TemplateStore(client).load(audit);
        assertThat(again.rejection()).as("the replacement is trusted").isNull();
    }

    private static LogAudit audit(String ns, String name) {
        api.namespace(ns);
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        audit.setSpec(client.getKubernetesSerialization().unmarshal("{}", LogAuditSpec.class));
        return client.resources(LogAudit.class).inNamespace(ns).resource(audit).create();
    }
}

package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The snapshot is plain data: an adapter saves it as JSON and a restored miner carries on. */
class MinerSnapshotJsonTest {

    @Test
    void snapshotRoundTripsThroughJacksonAndTheRestoredMinerKeepsItsIds() throws Exception {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate admin = miner.mine("Invalid user admin from 10.0.0.1");
        MinedTemplate oracle = miner.mine("Invalid user oracle from 10.0.0.2");
        MinedTemplate disk = miner.mine("disk /dev/sda1 is 91% full");
        miner.pin(disk.id());
        ObjectMapper json = new ObjectMapper();

        String saved = json.writeValueAsString(miner.snapshot());
        MinerSnapshot loaded = json.readValue(saved, MinerSnapshot.class);

        assertThat(saved).doesNotContain("\\u0000");
        assertThat(loaded).isEqualTo(miner.snapshot());
        TemplateMiner restored = TemplateMiner.restore(loaded);
        assertThat(restored.mine("disk /dev/sdb2 is 97% full")).isEqualTo(disk);
        String merged = restored.mine("Invalid user guest from 10.0.0.3").id();
        assertThat(restored.resolve(admin.id())).isEqualTo(merged);
        assertThat(restored.resolve(oracle.id())).isEqualTo(merged);
    }
}

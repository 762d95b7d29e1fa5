package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {

    @Test
    void repeatsWithDifferentValuesShareOneTemplate() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate a = miner.mine("connection to 10.0.0.1:5432 refused after 3 attempts");
        MinedTemplate b = miner.mine("connection to 10.0.0.7:6379 refused after 12 attempts");
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.template()).isEqualTo("connection to <IP>:<NUM> refused after <NUM> attempts");
        assertThat(miner.size()).isEqualTo(1);
    }

    @Test
    void differentMessagesGetDifferentTemplates() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate a = miner.mine("database system is ready to accept connections");
        MinedTemplate b = miner.mine("could not connect to server: Connection refused");
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void templateKeepsItsIdWhenItWidens() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate first = miner.mine("Invalid user admin from 10.0.0.1");
        MinedTemplate widened = miner.mine("Invalid user oracle from 10.0.0.2");
        assertThat(widened.template()).isEqualTo("Invalid user <*> from <IP>");
        assertThat(widened.id()).isEqualTo(first.id());
    }

    @Test
    void freshMinerGivesTheSameIdForTheSameFirstMessage() {
        String id = new TemplateMiner().mine("worker 7 started in 25ms").id();
        assertThat(new TemplateMiner().mine("worker 7 started in 25ms").id()).isEqualTo(id);
        assertThat(new TemplateMiner().mine("worker 9 started in 31ms").id())
                .as("same masked form, same id").isEqualTo(id);
        assertThat(id).matches("t[0-9a-f]{16}");
    }

    @Test
    void evictsTheLeastRecentlyUsedTemplateButNeverAPinnedOne() {
        TemplateMiner miner = new TemplateMiner(new MinerSettings(2, 64, 120));
        String pinned = miner.mine("alpha happened here").id();
        miner.pin(pinned);
        String old = miner.mine("beta is something else entirely").id();
        miner.mine("gamma looks nothing like the rest of them");
        assertThat(miner.size()).isEqualTo(2);
        List<String> held = ids(miner);
        assertThat(held).contains(pinned).doesNotContain(old);
    }

    @Test
    void recentlyUsedTemplateOutlivesAnOlderIdleOne() {
        TemplateMiner miner = new TemplateMiner(new MinerSettings(2, 64, 120));
        String a = miner.mine("alpha happened here").id();
        String b = miner.mine("beta is something else entirely").id();
        miner.mine("alpha happened here");
        miner.mine("gamma looks nothing like the rest of them");
        assertThat(ids(miner)).contains(a).doesNotContain(b);
    }

    @Test
    void unpinnedTemplateBecomesEvictableAgain() {
        TemplateMiner miner = new TemplateMiner(new MinerSettings(1, 64, 120));
        String a = miner.mine("alpha happened here").id();
        miner.pin(a);
        miner.mine("beta is something else entirely");
        assertThat(miner.size()).isEqualTo(1);
        miner.unpin(a);
        miner.mine("gamma looks nothing like the rest of them");
        assertThat(ids(miner)).doesNotContain(a);
    }

    @Test
    void restoredMinerKeepsTemplatesIdsPinsAndCounts() {
        TemplateMiner miner = new TemplateMiner(new MinerSettings(3, 64, 120));
        MinedTemplate a = miner.mine("Invalid user admin from 10.0.0.1");
        miner.mine("Invalid user oracle from 10.0.0.2");
        MinedTemplate b = miner.mine("disk /dev/sda1 is 91% full");
        miner.pin(b.id());

        TemplateMiner restored = TemplateMiner.restore(miner.snapshot());

        assertThat(restored.snapshot()).isEqualTo(miner.snapshot());
        MinedTemplate again = restored.mine("Invalid user guest from 10.0.0.3");
        assertThat(again).isEqualTo(new MinedTemplate(a.id(), "Invalid user <*> from <IP>"));
        restored.mine("one new message");
        restored.mine("another quite different one here");
        restored.mine("and a third that pushes the others out");
        assertThat(ids(restored)).contains(b.id());
    }

    @Test
    void emptyAndWhitespaceMessagesHaveATemplateToo() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate empty = miner.mine("");
        assertThat(miner.mine("   \t ")).isEqualTo(empty);
        assertThat(empty.template()).isEmpty();
    }

    @Test
    void hugeLineIsMinedWithinTheTokenCap() {
        TemplateMiner miner = new TemplateMiner();
        StringBuilder line = new StringBuilder("payload");
        for (int i = 0; i < 100_000; i++) {
            line.append(" word").append(i % 7 == 0 ? "" : "x");
        }
        MinedTemplate t = miner.mine(line.toString());
        assertThat(t.template().split(" ")).hasSize(MinerSettings.DEFAULT.maxTokens());
    }

    private static List<String> ids(TemplateMiner miner) {
        List<String> ids = new ArrayList<>();
        miner.snapshot().templates().forEach(t -> ids.add(t.id()));
        return ids;
    }
}

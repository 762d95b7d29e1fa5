package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {

    @Test
    void aMessageGivenAsCharsGetsTheTemplateItGetsAsAString() {
        List<String> messages = List.of(
                "Invalid user admin from 10.0.0.1",
                "  Invalid user oracle from 10.0.0.2  ",
                "",
                "   ",
                "E1203 10:15:02.123456 1 leaderelection.go:330] \"Failed to update lease\" err=\"timeout\"",
                "E1203 is not a klog header",
                "Error=5 retries=3",
                "level=error msg=\"dial failed\" addr=10.0.0.5:5432",
                "{\"level\":\"error\",\"msg\":\"listen failed\",\"addr\":\":8080\"}",
                "\"Failed to update lease\" err=\"context deadline exceeded\"",
                "caf\u00e9 served 512MB in 25ms",
                "Invalid user guest from 10.0.0.3");
        TemplateMiner fromStrings = new TemplateMiner();
        TemplateMiner fromChars = new TemplateMiner();
        char[] buffer = new char[200];
        for (String message : messages) {
            java.util.Arrays.fill(buffer, 'x'); // what follows the message in the buffer is not read
            message.getChars(0, message.length(), buffer, 0);

            assertThat(fromChars.mine(buffer, message.length())).as(message).isEqualTo(fromStrings.mine(message));
        }
    }

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
    void sizeInParenthesesIsOneValueWhateverItsUnit() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate kb = miner.mine("upload done: 1190 bytes (1.16 KB) in <1 sec");
        MinedTemplate mb = miner.mine("upload done: 4090387 bytes (3.90 MB) in <2 secs");
        assertThat(mb.id()).isEqualTo(kb.id());
        assertThat(mb.template()).isEqualTo("upload done: <SIZE> in <<DURATION>");
        MinedTemplate small = miner.mine("upload done: 803 bytes in <1 sec");
        assertThat(small.id()).as("the restatement in other units comes only above 1 KB").isEqualTo(mb.id());
    }

    @Test
    void narrowerTemplatesJoinTheOneThatWidenedToTakeEverythingTheyTake() {
        TemplateMiner miner = new TemplateMiner();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(miner.mine("proxy.example.org:5070 close, " + i + " bytes sent, lifetime 00:0" + i % 10).id());
        }
        // two more hosts, each once among many proxy lines: a closed set so far, so they stay siblings
        ids.add(miner.mine("get.example.com:80 close, 859 bytes sent, lifetime <1 sec").id());
        ids.add(miner.mine("tcp.example.net:80 close, 133 bytes sent, lifetime <1 sec").id());
        ids.add(miner.mine("proxy.example.org:5070 close, 7 bytes sent, lifetime <1 sec").id());
        // an address where the host was: the position is a value, the siblings are the same event
        ids.add(miner.mine("10.0.0.1:22 close, 89652 bytes sent, lifetime 37:51").id());
        ids.add(miner.mine("tcp3.example.net:80 close, 0 bytes sent, lifetime <1 sec").id());
        ids.add(miner.mine("www.example.org:443 close, 12 bytes sent, lifetime <1 sec").id());
        ids.replaceAll(miner::resolve);
        assertThat(ids).as("one event, whichever host and lifetime came first").containsOnly(ids.get(0));
        assertThat(miner.size()).isEqualTo(1);
    }

    @Test
    void youngerSiblingJoinsOnceItsPositionTakesAMaskedValue() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate backup = miner.mine("domain cluster_backup is no longer served by node n1");
        MinedTemplate root = miner.mine("domain root_domain is no longer served by node n2");
        assertThat(root.id()).as("two words may be two events").isNotEqualTo(backup.id());
        MinedTemplate numbered = miner.mine("domain root3_domain is no longer served by node n3");
        assertThat(miner.resolve(backup.id())).isEqualTo(numbered.id());
        assertThat(numbered.template()).isEqualTo("domain <*> is no longer served by node <*>");
        assertThat(miner.mine("domain root_domain is no longer served by node n4").id())
                .as("the word sibling merged into the template that now holds a value there")
                .isEqualTo(numbered.id());
        assertThat(miner.resolve(root.id())).isEqualTo(numbered.id());
    }

    @Test
    void quotedKlogMessageKeepsItsWordsAndMasksWhatVariesInsideIt() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate a = miner.mine("E1203 10:15:02.123456 1 leaderelection.go:330] \"Failed to update lease\" "
                + "err=\"Put \\\"https://10.96.0.1:443/leases/node-1?timeout=10s\\\": context deadline exceeded\"");
        MinedTemplate b = miner.mine("E1203 10:17:44.000912 1 leaderelection.go:330] \"Failed to update lease\" "
                + "err=\"Put \\\"https://10.96.0.1:443/leases/node-2?timeout=10s\\\": context deadline exceeded\"");
        MinedTemplate other = miner.mine("E1203 10:18:00.000001 1 leaderelection.go:330] \"Failed to acquire lease\" "
                + "err=\"Put \\\"https://10.96.0.1:443/leases/node-1?timeout=10s\\\": context deadline exceeded\"");
        assertThat(miner.resolve(a.id())).isEqualTo(b.id());
        assertThat(b.template()).isEqualTo("Failed to update lease err=\"Put \\\"<URL>\\\": context deadline exceeded\"");
        assertThat(other.id()).as("another message is another event").isNotEqualTo(b.id());
    }

    @Test
    void quotedRequestLinesKeepTheirMethod() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate get = miner.mine("upstream timed out for \"GET /api/orders/42 HTTP/1.1\" after 30s");
        MinedTemplate get2 = miner.mine("upstream timed out for \"GET /api/users/7 HTTP/1.1\" after 31s");
        MinedTemplate post = miner.mine("upstream timed out for \"POST /api/orders HTTP/1.1\" after 30s");
        assertThat(get2.id()).isEqualTo(miner.resolve(get.id()));
        assertThat(get2.template()).isEqualTo("upstream timed out for \"GET <PATH> <*>\" after <DURATION>");
        assertThat(post.id()).isNotEqualTo(get2.id());
        assertThat(post.template()).startsWith("upstream timed out for \"POST ");
    }

    @Test
    void logfmtAndJsonLinesShowTheMessageFirst() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate logfmt = miner.mine("level=error ts=2026-12-02T10:00:00Z msg=\"dial failed\" addr=10.0.0.5:5432");
        MinedTemplate json = miner.mine("{\"level\":\"error\",\"msg\":\"dial failed\",\"addr\":\"10.0.0.5:5432\"}");
        assertThat(logfmt.template()).isEqualTo("dial failed level=error ts=<TS> addr=<IP>:<NUM>");
        assertThat(json.template()).isEqualTo("dial failed level=error addr=<IP>:<NUM>");
    }

    @Test
    void oneTokenMessagesWithDifferentKeysStayDifferentTemplates() {
        TemplateMiner miner = new TemplateMiner();
        List<String> templates = new ArrayList<>();
        for (String message : new String[] {"retries=3,timeout=5s", "queue=7,depth=12", "cpu=93,mem=71",
            "disk=1,io=2", "conns=8,idle=2", "retries=4,timeout=9s"}) {
            templates.add(miner.mine(message).template());
        }
        assertThat(templates).containsExactly("retries=<NUM>,timeout=<DURATION>", "queue=<NUM>,depth=<NUM>",
                "cpu=<NUM>,mem=<NUM>", "disk=<NUM>,io=<NUM>", "conns=<NUM>,idle=<NUM>",
                "retries=<NUM>,timeout=<DURATION>");
        assertThat(miner.size()).isEqualTo(5);
    }

    @Test
    void differentMessagesGetDifferentTemplates() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate a = miner.mine("database system is ready to accept connections");
        MinedTemplate b = miner.mine("could not connect to server: Connection refused");
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void templateKeepsItsIdWhenOnlyTheTypeOfAValueChanges() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate first = miner.mine("Connection to db1 timed out after 30s");
        MinedTemplate widened = miner.mine("Connection to 10.0.0.2 timed out after 30s");
        assertThat(widened.template()).isEqualTo("Connection to <*> timed out after <DURATION>");
        assertThat(widened.id()).isEqualTo(first.id());
    }

    @Test
    void wordPositionBecomesAParameterOnceItShowsThreeValuesAndSiblingsMergeIntoTheOldest() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate admin = miner.mine("Invalid user admin from 10.0.0.1");
        MinedTemplate oracle = miner.mine("Invalid user oracle from 10.0.0.2");
        assertThat(oracle.id()).as("two words may be two events").isNotEqualTo(admin.id());

        MinedTemplate guest = miner.mine("Invalid user guest from 10.0.0.3");

        assertThat(guest.template()).isEqualTo("Invalid user <*> from <IP>");
        assertThat(miner.resolve(admin.id())).isEqualTo(guest.id());
        assertThat(miner.resolve(oracle.id())).isEqualTo(guest.id());
        assertThat(miner.mine("Invalid user oracle from 10.0.0.9").id()).isEqualTo(guest.id());
        assertThat(miner.size()).isEqualTo(1);
    }

    @Test
    void wordParameterKeepsThePunctuationItsValuesShare() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate t = null;
        for (String user : List.of("app", "alice", "bob", "carol", "dave")) {
            t = miner.mine("FATAL:  password authentication failed for user \"" + user + "\"");
        }
        assertThat(t.template()).isEqualTo("FATAL: password authentication failed for user \"<*>\"");
        assertThat(miner.size()).isEqualTo(1);
    }

    @Test
    void closedSetOfOftenRepeatedWordsStaysDistinctTemplates() {
        TemplateMiner miner = new TemplateMiner();
        for (int i = 0; i < 200; i++) {
            miner.mine("authentication failure; rhost=10.0.0." + (i % 250) + " user=root");
        }
        miner.mine("authentication failure; rhost=10.0.0.1 user=guest");
        miner.mine("authentication failure; rhost=10.0.0.1 user=test");
        assertThat(miner.size()).as("root, guest and test repeat; they are not identifiers").isEqualTo(3);
    }

    @Test
    void wordsInCapitalsNeverBecomeParameters() {
        TemplateMiner miner = new TemplateMiner();
        String[] states = {"NEW", "RUNNING", "STOPPING", "STOPPED", "FAILED"};
        for (String state : states) {
            miner.mine("task 7 transitioned to " + state);
        }
        assertThat(miner.size()).isEqualTo(states.length);
    }

    @Test
    void differentFirstWordsAreDifferentEvents() {
        TemplateMiner miner = new TemplateMiner();
        String a = miner.mine("cupsd startup succeeded").id();
        String b = miner.mine("sshd startup succeeded").id();
        String c = miner.mine("crond startup succeeded").id();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    }

    @Test
    void firstTokenHoldingAValueDoesNotSplitAnEvent() {
        TemplateMiner miner = new TemplateMiner();
        MinedTemplate alpha = miner.mine("alpha.example.org:443 open through proxy gw.example.org:3128 HTTPS");
        miner.mine("beta.example.org:80 open through proxy gw.example.org:3128 HTTPS");
        MinedTemplate gamma = miner.mine("gamma.example.net:443 open through proxy gw.example.org:3128 HTTPS");
        assertThat(gamma.template()).isEqualTo("<*> open through proxy gw.example.org:<NUM> HTTPS");
        assertThat(miner.resolve(alpha.id())).isEqualTo(gamma.id());
        assertThat(miner.mine("delta.example.com:8443 open through proxy gw.example.org:3128 HTTPS").id())
                .isEqualTo(gamma.id());
        assertThat(miner.size()).isEqualTo(1);

        MinedTemplate cupsd = miner.mine("cupsd open through proxy gw.example.org:3128 HTTPS");
        MinedTemplate sshd = miner.mine("sshd open through proxy gw.example.org:3128 HTTPS");
        MinedTemplate httpd = miner.mine("httpd open through proxy gw.example.org:3128 HTTPS");
        assertThat(List.of(cupsd.id(), sshd.id(), httpd.id()))
                .as("a constant first word still names the event")
                .doesNotHaveDuplicates()
                .doesNotContain(alpha.id());
    }

    @Test
    void emptyValueAndWordValueFitAKeyValueTemplate() {
        TemplateMiner miner = new TemplateMiner();
        String id = miner.mine("session closed rhost=10.1.2.3 (uid=0)").id();
        assertThat(miner.mine("session closed rhost= (uid=0)").id()).isEqualTo(id);
        MinedTemplate t = miner.mine("session closed rhost=db.example.org (uid=0)");
        assertThat(t).isEqualTo(new MinedTemplate(id, "session closed rhost=<*> (uid=<NUM>)"));
    }

    @Test
    void pinnedSiblingIsNotAbsorbedSoItsIssueKeepsCounting() {
        TemplateMiner miner = new TemplateMiner();
        miner.mine("Invalid user admin from 10.0.0.1");
        String oracle = miner.mine("Invalid user oracle from 10.0.0.2").id();
        miner.pin(oracle);
        miner.mine("Invalid user guest from 10.0.0.3");
        assertThat(miner.mine("Invalid user oracle from 10.0.0.4").id()).isEqualTo(oracle);
        assertThat(miner.resolve(oracle)).isEqualTo(oracle);
    }

    @Test
    void freshMinerGivesTheSameIdForTheSameMessage() {
        String id = new TemplateMiner().mine("worker 7 started in 25ms").id();
        assertThat(new TemplateMiner().mine("worker 7 started in 25ms").id()).isEqualTo(id);
        assertThat(new TemplateMiner().mine("worker 9 started in 31ms").id())
                .as("same masked form, same id").isEqualTo(id);
        assertThat(id).matches("t[0-9a-f]{16}");
    }

    @Test
    void idIsTheTemplatesOwnWhicheverMessageCameFirst() {
        TemplateMiner hostFirst = new TemplateMiner();
        String a = hostFirst.mine("cannot reach db-primary on port 5432").id();
        String widened = hostFirst.mine("cannot reach 10.0.0.9 on port 5432").id();
        assertThat(hostFirst.resolve(a)).isEqualTo(widened);

        TemplateMiner addressFirst = new TemplateMiner();
        addressFirst.mine("cannot reach 10.0.0.9 on port 5432");
        assertThat(addressFirst.mine("cannot reach db-primary on port 5432").id()).isEqualTo(widened);
        assertThat(TemplateMiner.idOf("cannot reach <*> on port <*>")).isEqualTo(widened);
    }

    @Test
    void pinnedTemplateKeepsItsIdWhileItWidensSoItsIssueKeepsItsFingerprint() {
        TemplateMiner miner = new TemplateMiner();
        String id = miner.mine("cannot reach db-primary on port 5432").id();
        miner.pin(id);
        MinedTemplate widened = miner.mine("cannot reach 10.0.0.9 on port 5432");
        assertThat(widened).isEqualTo(new MinedTemplate(id, "cannot reach <*> on port <NUM>"));
        assertThat(TemplateMiner.restore(miner.snapshot()).mine("cannot reach db-2 on port 1").id()).isEqualTo(id);
    }

    @Test
    void restoreMovesSavedIdsOfAnOlderRuleToTheTemplatesOwnButKeepsPinnedOnes() {
        MinerSnapshot old = new MinerSnapshot(MinerSettings.DEFAULT, List.of(
                new MinerSnapshot.Template("t00000000000000a1", "disk <PATH> is <*> full", 3),
                new MinerSnapshot.Template("t00000000000000b2", "worker <NUM> crashed", 2)),
                List.of("t00000000000000b2"), List.of(), List.of());
        TemplateMiner restored = TemplateMiner.restore(old);
        String disk = restored.mine("disk /dev/sda1 is 91% full").id();
        assertThat(disk).isEqualTo(TemplateMiner.idOf("disk <*> is <*> full"));
        assertThat(restored.resolve("t00000000000000a1")).isEqualTo(disk);
        assertThat(restored.mine("worker 7 crashed").id()).as("an open issue keeps its fingerprint")
                .isEqualTo("t00000000000000b2");
    }

    @Test
    void longDistinctMessagesAreEvictedByTheirSizeBeforeTheyFillTheHeap() {
        TemplateMiner miner = new TemplateMiner(new MinerSettings(100, 64, 100));
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder message = new StringBuilder("failed");
            for (int w = 0; w < 60; w++) {
                message.append(' ').append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36).replaceAll("[0-9]", "q"));
            }
            miner.mine(message.toString());
        }
        // each template holds about 800 characters here, so 100 * 2 KiB holds far fewer than 100 of them
        assertThat(miner.size()).isBetween(20, 99);
    }

    @Test
    void restoredMinerKeepsTheCapOfThisHeapWhateverTheSavedOneSaid() {
        MinerSnapshot saved = new MinerSnapshot(new MinerSettings(1_000_000, 64, 100), List.of(), List.of(),
                List.of(), List.of());
        assertThat(TemplateMiner.restore(saved).snapshot().settings().capacity())
                .isEqualTo(MinerSettings.DEFAULT.capacity());
    }

    @Test
    void capacityIsSizedFromTheHeap() {
        assertThat(MinerSettings.forHeap(4L << 20).capacity()).isEqualTo(MinerSettings.MIN_CAPACITY);
        assertThat(MinerSettings.forHeap(64L << 20).capacity()).isEqualTo(4096);
        assertThat(MinerSettings.forHeap(1L << 30).capacity()).isEqualTo(MinerSettings.MAX_CAPACITY);
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
    void restoredMinerKeepsTemplatesIdsPinsFamiliesAliasesAndCounts() {
        TemplateMiner miner = new TemplateMiner(new MinerSettings(3, 64, 120));
        MinedTemplate a = miner.mine("Invalid user admin from 10.0.0.1");
        MinedTemplate b = miner.mine("Invalid user oracle from 10.0.0.2");
        MinedTemplate disk = miner.mine("disk /dev/sda1 is 91% full");
        miner.pin(disk.id());

        TemplateMiner restored = TemplateMiner.restore(miner.snapshot());

        assertThat(restored.snapshot()).isEqualTo(miner.snapshot());
        MinedTemplate again = restored.mine("Invalid user guest from 10.0.0.3");
        assertThat(again.template()).as("the family saved with two values merges on the third")
                .isEqualTo("Invalid user <*> from <IP>");
        assertThat(restored.resolve(a.id())).isEqualTo(again.id());
        assertThat(restored.resolve(b.id())).isEqualTo(again.id());
        TemplateMiner twice = TemplateMiner.restore(restored.snapshot());
        assertThat(twice.resolve(b.id())).isEqualTo(again.id());
        restored.mine("one new message");
        restored.mine("another quite different one here");
        restored.mine("and a third that pushes the others out");
        assertThat(ids(restored)).contains(disk.id());
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

    @Test
    void binaryGarbageAndHugeTokensGiveABoundedTemplate() {
        TemplateMiner miner = new TemplateMiner();
        java.util.Random random = new java.util.Random(7);
        StringBuilder garbage = new StringBuilder();
        for (int i = 0; i < 5_000_000; i++) {
            garbage.append((char) random.nextInt(0x10000));
        }
        MinerSettings bounds = MinerSettings.DEFAULT;
        for (String line : List.of(garbage.toString(), "x".repeat(3_000_000), "\"" + "a\"b".repeat(100_000))) {
            MinedTemplate t = miner.mine(line);
            assertThat(t.template().length()).isLessThanOrEqualTo(bounds.maxTokens() * (bounds.maxTokenChars() + 1));
            assertThat(miner.mine(line)).isEqualTo(t);
        }
    }

    private static List<String> ids(TemplateMiner miner) {
        List<String> ids = new ArrayList<>();
        miner.snapshot().templates().forEach(t -> ids.add(t.id()));
        return ids;
    }
}

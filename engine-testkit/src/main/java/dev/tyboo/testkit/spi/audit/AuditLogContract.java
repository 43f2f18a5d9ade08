package dev.tyboo.testkit.spi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.spi.audit.AuditAnchor;
import dev.tyboo.spi.audit.AuditBreak;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditEvent;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.audit.AuditVerification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do. Implementations' tests extend this. */
public abstract class AuditLogContract {

  /** For subclasses, which supply the implementation under test. */
  protected AuditLogContract() {}

  /** {@return a new, empty log} */
  protected abstract AuditLog createLog();

  /**
   * Replaces a stored record behind the log's back, as an attacker with database access would.
   *
   * @param log the log
   * @param forged the record to store instead of the one with its sequence number
   */
  protected abstract void overwrite(AuditLog log, AuditRecord forged);

  /**
   * Removes a stored record behind the log's back.
   *
   * @param log the log
   * @param sequence its sequence number
   */
  protected abstract void remove(AuditLog log, long sequence);

  private static final Instant T = Instant.parse("2026-11-26T10:00:00.123456789Z");

  private static AuditEvent event(String tenant, String actor, String action, int minute) {
    return new AuditEvent(
        T.plusSeconds(60L * minute),
        tenant,
        actor,
        action,
        "orders",
        Map.of("ip", "10.0.0." + minute, "subject", "customer-" + minute, "n", minute));
  }

  private static AuditLog filled(AuditLog log) {
    log.append(event("acme", "ana", "workflow.create", 1));
    log.append(event("acme", "bob", "workflow.update", 2));
    log.append(event("globex", "cy", "execution.start", 3));
    log.append(event("acme", "ana", "workflow.delete", 4));
    return log;
  }

  @Test
  void should_number_and_chain_what_it_appends() {
    AuditLog log = filled(createLog());

    List<AuditRecord> all = log.read(AuditQuery.all());

    assertThat(all).extracting(AuditRecord::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(all.getFirst().previousHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(all.get(1).previousHash()).isEqualTo(all.getFirst().hash());
    assertThat(all.getFirst().event().detail()).containsEntry("n", 1);
    assertThat(all.getFirst().event().time())
        .isEqualTo(Instant.parse("2026-11-26T10:01:00.123456Z"));
    assertThat(AuditChain.verify(log).intact()).isTrue();
    assertThat(AuditChain.verify(log).verified()).isEqualTo(4);
  }

  @Test
  void should_answer_queries_by_tenant_actor_action_and_time() {
    AuditLog log = filled(createLog());

    assertThat(log.read(AuditQuery.all().tenant("acme")))
        .extracting(AuditRecord::sequence)
        .containsExactly(1L, 2L, 4L);
    assertThat(log.read(AuditQuery.all().actor("ana")))
        .extracting(AuditRecord::sequence)
        .containsExactly(1L, 4L);
    assertThat(log.read(AuditQuery.all().action("execution.start")))
        .extracting(AuditRecord::sequence)
        .containsExactly(3L);
    assertThat(log.read(AuditQuery.all().between(T.plusSeconds(119), T.plusSeconds(239))))
        .extracting(AuditRecord::sequence)
        .containsExactly(2L, 3L);
    assertThat(log.read(AuditQuery.all().page(1, 2)))
        .extracting(AuditRecord::sequence)
        .containsExactly(2L, 3L);
  }

  @Test
  void should_find_an_edited_record() {
    AuditLog log = filled(createLog());
    AuditRecord r = log.read(AuditQuery.all()).get(1);
    AuditEvent e = r.event();

    overwrite(
        log,
        new AuditRecord(
            r.sequence(),
            new AuditEvent(e.time(), e.tenant(), "mallory", e.action(), e.target(), e.detail()),
            false,
            r.detailHash(),
            r.previousHash(),
            r.hash()));

    AuditVerification v = AuditChain.verify(log);
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBroken()).isEqualTo(2);
    assertThat(v.verified()).isEqualTo(1);
  }

  @Test
  void should_find_an_edited_detail_and_a_record_rehashed_to_hide_an_edit() {
    AuditLog log = filled(createLog());
    AuditRecord r = log.read(AuditQuery.all()).get(2);
    AuditEvent e = r.event();
    AuditEvent edited =
        new AuditEvent(
            e.time(), e.tenant(), e.actor(), e.action(), e.target(), Map.of("ip", "1.2.3.4"));

    overwrite(
        log,
        new AuditRecord(r.sequence(), edited, false, r.detailHash(), r.previousHash(), r.hash()));
    assertThat(AuditChain.verify(log).firstBroken()).isEqualTo(3);

    // recomputing this record's hashes does not help: the next record still names the old hash
    overwrite(log, AuditChain.link(r.sequence(), edited, r.previousHash()));
    assertThat(AuditChain.verify(log).firstBroken()).isEqualTo(4);
  }

  @Test
  void should_find_a_removed_record_and_reordered_records() {
    AuditLog removed = filled(createLog());
    remove(removed, 2);
    assertThat(AuditChain.verify(removed).firstBroken()).isEqualTo(2);

    AuditLog reordered = filled(createLog());
    List<AuditRecord> all = reordered.read(AuditQuery.all());
    AuditRecord two = all.get(1);
    AuditRecord three = all.get(2);
    overwrite(reordered, copyAs(three, 2));
    overwrite(reordered, copyAs(two, 3));
    assertThat(AuditChain.verify(reordered).intact()).isFalse();
    assertThat(AuditChain.verify(reordered).firstBroken()).isEqualTo(2);
  }

  @Test
  void should_give_its_head_as_an_anchor() {
    AuditLog log = createLog();
    assertThat(log.head()).isEqualTo(AuditAnchor.empty());
    filled(log);
    AuditRecord last = log.read(AuditQuery.all()).getLast();
    assertThat(log.head()).isEqualTo(new AuditAnchor(4, last.hash()));
    assertThat(AuditAnchor.parse(log.head().toString())).isEqualTo(log.head());
    assertThat(AuditChain.verify(log, log.head()).intact()).isTrue();
  }

  @Test
  void should_detect_records_deleted_from_the_end_only_with_an_anchor() {
    AuditLog log = filled(createLog());
    AuditAnchor anchor = log.head();
    remove(log, 4);
    remove(log, 3);

    assertThat(AuditChain.verify(log).intact())
        .as("without an anchor, a cut-back log looks whole")
        .isTrue();
    AuditVerification v = AuditChain.verify(log, anchor);
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBroken()).isEqualTo(3);
    assertThat(v.verified()).isEqualTo(2);
    assertThat(v.problem()).contains("records 3 to 4 were deleted");
  }

  @Test
  void should_detect_a_log_rewritten_up_to_its_anchor() {
    AuditLog log = filled(createLog());
    AuditAnchor anchor = log.head();
    AuditRecord last = log.read(AuditQuery.all()).getLast();
    AuditEvent e = last.event();
    // a consistent forgery of the newest record: every hash recomputed, nothing follows it
    overwrite(
        log,
        AuditChain.link(
            4,
            new AuditEvent(e.time(), e.tenant(), "mallory", e.action(), e.target(), e.detail()),
            last.previousHash()));
    assertThat(AuditChain.verify(log).intact()).isTrue();
    assertThat(AuditChain.verify(log, anchor).problem()).contains("is not the one the anchor");
  }

  @Test
  void should_report_every_break_not_only_the_first() {
    AuditLog log = filled(createLog());
    log.append(event("acme", "ana", "workflow.create", 5));
    log.append(event("acme", "ana", "workflow.create", 6));
    remove(log, 2);
    AuditRecord five =
        log.read(AuditQuery.all()).stream()
            .filter(r -> r.sequence() == 5)
            .findFirst()
            .orElseThrow();
    AuditEvent e = five.event();
    overwrite(
        log,
        new AuditRecord(
            5,
            new AuditEvent(e.time(), e.tenant(), "mallory", e.action(), e.target(), e.detail()),
            false,
            five.detailHash(),
            five.previousHash(),
            five.hash()));

    AuditVerification v = AuditChain.verify(log);
    assertThat(v.breaks()).extracting(AuditBreak::sequence).contains(2L, 5L);
    assertThat(v.breaks()).anySatisfy(b -> assertThat(b.problem()).contains("record 2 is missing"));
    assertThat(v.breaks())
        .anySatisfy(b -> assertThat(b.problem()).contains("record 5 was changed"));
    assertThat(v.firstBroken()).isEqualTo(2);
  }

  private static AuditRecord copyAs(AuditRecord r, long sequence) {
    return new AuditRecord(
        sequence, r.event(), r.detailErased(), r.detailHash(), r.previousHash(), r.hash());
  }

  @Test
  void should_erase_a_subjects_detail_and_stay_verifiable() {
    AuditLog log = filled(createLog());

    assertThat(log.eraseDetail("acme", "customer-2")).isEqualTo(1);
    assertThat(log.eraseDetail("globex", "customer-2")).isZero();

    AuditRecord r = log.read(AuditQuery.all()).get(1);
    assertThat(r.detailErased()).isTrue();
    assertThat(r.detail()).isEmpty();
    assertThat(log.read(AuditQuery.all()).toString()).doesNotContain("customer-2");
    assertThat(AuditChain.verify(log).intact()).isTrue();
  }

  @Test
  void should_erase_the_detail_of_records_about_a_target_in_every_tenant() {
    AuditLog log = filled(createLog());
    log.append(
        new AuditEvent(T, "globex", "system", "node.failed", "exec-9", Map.of("message", "x")));

    assertThat(log.eraseDetail(null, "exec-9")).isEqualTo(1);
    assertThat(log.eraseDetail(null, "customer-1")).isEqualTo(1);
    assertThat(log.eraseDetail(null, "customer-3")).isEqualTo(1); // globex
    assertThat(log.eraseDetail(null, "customer-3")).isZero(); // already blank
    assertThat(log.eraseDetail("acme", Set.of("customer-2", "customer-4", "nobody")))
        .isEqualTo(2); // one pass, several values

    List<AuditRecord> all = log.read(AuditQuery.all());
    assertThat(all).extracting(AuditRecord::detailErased).containsOnly(true);
    assertThat(all.get(4).event().target()).isEqualTo("exec-9");
    assertThat(AuditChain.verify(log).intact()).isTrue();
  }

  @Test
  void should_keep_one_chain_under_concurrent_appends() throws Exception {
    AuditLog log = createLog();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 200; i++) {
      int n = i;
      pool.submit(
          () ->
              sequences.add(
                  log.append(event("acme", "t" + n, "execution.start", n % 50)).sequence()));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(sequences).hasSize(200).doesNotHaveDuplicates();
    assertThat(AuditChain.verify(log).intact()).isTrue();
    assertThat(AuditChain.verify(log).verified()).isEqualTo(200);
  }
}

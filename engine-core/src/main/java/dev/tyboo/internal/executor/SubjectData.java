package dev.tyboo.internal.executor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.ExecutionStateException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.security.privacy.SubjectErasure;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditEvent;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.NodeStore;
import dev.tyboo.spi.store.Page;
import dev.tyboo.spi.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds, erases and exports what a durable engine holds about one data subject: the executions
 * tagged with it and the sub-workflow executions they started, their node runs, the attachments and
 * spilled outputs they reference in the binary store, and audit records about them or the subject.
 */
public final class SubjectData {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final String SPILLED_OUTPUTS = "outputs.json";

  private final DurableExecutor executor;
  private final ExecutionStore store;
  private final BinaryStore binaries;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * Creates the helper for one engine.
   *
   * @param executor the engine's durable executor (to stop running executions)
   * @param store its execution store
   * @param binaries its binary store
   * @param audit its audit log, or {@code null}
   * @param clock its clock
   */
  public SubjectData(
      DurableExecutor executor,
      ExecutionStore store,
      BinaryStore binaries,
      AuditLog audit,
      Clock clock) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.store = Objects.requireNonNull(store, "store");
    this.binaries = Objects.requireNonNull(binaries, "binaries");
    this.audit = audit;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@return the id as the audit log records it: {@code sha256:<hex>}}
   *
   * @param subjectId a data-subject id
   */
  public static String hash(String subjectId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(subjectId.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * {@return the subject's executions and their descendants, parents before children}
   *
   * @param subjectId the subject
   * @param workflows which workflow names may be reached (a tenant's)
   */
  List<ExecutionRecord> executions(String subjectId, Predicate<String> workflows) {
    Map<ExecutionId, ExecutionRecord> found = new LinkedHashMap<>();
    Deque<ExecutionId> todo = new ArrayDeque<>(store.subjectExecutions(subjectId));
    while (!todo.isEmpty()) {
      ExecutionId id = todo.poll();
      if (found.containsKey(id)) {
        continue;
      }
      ExecutionRecord r = store.find(id).orElse(null);
      if (r == null || !workflows.test(r.workflowName())) {
        continue;
      }
      found.put(id, r);
      for (int offset = 0; ; offset += ExecutionQuery.MAX_LIMIT) {
        Page<ExecutionRecord> children =
            store.query(
                ExecutionQuery.builder().parent(id).page(offset, ExecutionQuery.MAX_LIMIT).build());
        children.items().forEach(c -> todo.add(c.id()));
        if (offset + ExecutionQuery.MAX_LIMIT >= children.total()) {
          break;
        }
      }
    }
    return List.copyOf(found.values());
  }

  /**
   * Erases the subject: stops its running executions, deletes the binary-store entries they
   * reference, blanks the detail of audit records about them or the subject (one pass), deletes the
   * executions, and records the erasure under the subject's hash.
   *
   * @param subjectId the subject
   * @param workflows which workflow names may be reached
   * @param tenant whose audit records to blank, or {@code null} for all
   * @param actor who erases, for the audit record
   * @param auditTenant the tenant of the audit record of the erasure
   * @param stopWithin how long to wait for running executions to stop
   * @return what was removed
   * @throws ExecutionStateException when a running execution did not stop in time (nothing erased)
   */
  public SubjectErasure erase(
      String subjectId,
      Predicate<String> workflows,
      String tenant,
      String actor,
      String auditTenant,
      Duration stopWithin) {
    ExecutionStore.checkSubject(subjectId);
    List<ExecutionRecord> found = executions(subjectId, workflows);
    stop(found, stopWithin);
    int deletedBinaries = 0;
    int blanked = 0;
    int deletedExecutions = 0;
    Set<String> about = new LinkedHashSet<>();
    about.add(subjectId);
    for (ExecutionRecord r : found) {
      about.add(r.id().value());
      for (BinaryRef ref : references(r).values()) {
        if (binaries.delete(ref)) {
          deletedBinaries++;
        }
      }
    }
    if (audit != null) {
      blanked = audit.eraseDetail(tenant, about); // one pass over the log
    }
    for (ExecutionRecord r : found) { // last: until then the tags lead a retry back here
      if (store.delete(r.id())) {
        deletedExecutions++;
      }
    }
    SubjectErasure erasure =
        new SubjectErasure(hash(subjectId), deletedExecutions, deletedBinaries, blanked);
    record(
        "subject.erase",
        subjectId,
        actor,
        auditTenant,
        Map.of(
            "executions", deletedExecutions,
            "binaries", deletedBinaries,
            "auditRecords", blanked));
    return erasure;
  }

  /** Audits an erasure or export under the subject's hash, never its id. */
  private void record(
      String action, String subjectId, String actor, String tenant, Map<String, Object> detail) {
    if (audit != null) {
      audit.append(new AuditEvent(clock.now(), tenant, actor, action, hash(subjectId), detail));
    }
  }

  private void stop(List<ExecutionRecord> found, Duration within) {
    List<ExecutionId> running =
        found.stream().filter(r -> !r.status().isFinal()).map(ExecutionRecord::id).toList();
    running.forEach(id -> executor.handle(id).cancel());
    long deadline = System.nanoTime() + within.toNanos();
    for (ExecutionId id : running) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      ExecutionStatus status = executor.handle(id).await(left);
      if (!status.isFinal()) {
        throw new ExecutionStateException(
            id.value(),
            status.name(),
            "execution "
                + id
                + " of the data subject did not stop within "
                + within
                + " after it was cancelled; nothing was erased, try again");
      }
    }
  }

  /** {@return every binary-store entry an execution references, by id: attachments and spills} */
  private Map<String, BinaryRef> references(ExecutionRecord r) {
    Map<String, BinaryRef> refs = new LinkedHashMap<>();
    collect(parse(r.inputJson()), refs);
    for (NodeRunRecord run : store.nodeRuns(r.id())) {
      if (run.outputsJson() != null) {
        collect(parse(run.outputsJson()), refs);
      }
      if (run.outputsRef() != null) {
        BinaryRef spilled = spilled(run.outputsRef());
        collect(readSpilled(spilled), refs);
        refs.put(spilled.id(), spilled);
      }
    }
    return refs;
  }

  private static BinaryRef spilled(String id) {
    return new BinaryRef(id, SPILLED_OUTPUTS, "application/json", 0);
  }

  private JsonNode readSpilled(BinaryRef ref) {
    if (!binaries.exists(ref)) {
      return null; // erased before an earlier attempt stopped
    }
    try (InputStream in = binaries.open(ref)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new StorageException("reading spilled outputs " + ref.id() + " failed", e);
    }
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new StorageException("a stored item list is not JSON: " + e.getMessage(), e);
    }
  }

  /** Items are arrays of {json, binary}; outputs are objects of port -> items. */
  private static void collect(JsonNode node, Map<String, BinaryRef> refs) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      node.forEach(port -> collect(port, refs));
      return;
    }
    for (JsonNode item : node) {
      if (item.isArray()) { // a waiting run's batches: arrays of items
        collect(item, refs);
        continue;
      }
      JsonNode binary = item.get("binary");
      if (binary == null || !binary.isObject()) {
        continue;
      }
      for (JsonNode ref : binary) {
        JsonNode id = ref.get("id");
        if (id != null && id.isTextual() && !id.asText().isBlank()) {
          refs.putIfAbsent(
              id.asText(),
              new BinaryRef(
                  id.asText(),
                  text(ref.get("fileName")),
                  text(ref.get("mimeType")),
                  Math.max(0, ref.path("size").asLong())));
        }
      }
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /**
   * Writes everything held about the subject as one JSON document: its executions (input, node runs
   * with outputs and errors, the error that ended them), the attachments they reference (bytes in
   * base64) and the audit records about them or the subject.
   *
   * @param subjectId the subject
   * @param workflows which workflow names may be reached
   * @param tenant whose audit records to include, or {@code null} for all
   * @param actor who exports, for the audit record
   * @param auditTenant the tenant of the audit record of the export
   * @param out where to write; not closed
   * @return how many executions were exported
   */
  public int export(
      String subjectId,
      Predicate<String> workflows,
      String tenant,
      String actor,
      String auditTenant,
      OutputStream out) {
    ExecutionStore.checkSubject(subjectId);
    List<ExecutionRecord> found = executions(subjectId, workflows);
    Set<String> targets = new LinkedHashSet<>();
    targets.add(subjectId);
    try (JsonGenerator g =
        JSON.getFactory()
            .createGenerator(out)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("subject", subjectId);
      g.writeStringField("exportedAt", clock.now().toString());
      g.writeArrayFieldStart("executions");
      Map<String, BinaryRef> attachments = new LinkedHashMap<>();
      for (ExecutionRecord r : found) {
        targets.add(r.id().value());
        writeExecution(g, r, attachments);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("attachments");
      for (BinaryRef ref : attachments.values()) {
        writeAttachment(g, ref);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("auditRecords");
      if (audit != null) {
        writeAudit(g, tenant, targets);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the export of a data subject failed", e);
    }
    record("subject.export", subjectId, actor, auditTenant, Map.of("executions", found.size()));
    return found.size();
  }

  private void writeExecution(JsonGenerator g, ExecutionRecord r, Map<String, BinaryRef> attached)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", r.id().value());
    g.writeStringField("workflow", r.workflowName());
    g.writeNumberField("workflowVersion", r.workflowVersion());
    g.writeStringField("status", r.status().name());
    if (r.parentId() != null) {
      g.writeStringField("parentId", r.parentId().value());
    }
    time(g, "createdAt", r.createdAt());
    time(g, "finishedAt", r.finishedAt());
    JsonNode input = parse(r.inputJson());
    collect(input, attached);
    g.writeFieldName("input");
    g.writeTree(input);
    if (r.errorJson() != null) {
      g.writeFieldName("error");
      g.writeTree(parse(r.errorJson()));
    }
    g.writeArrayFieldStart("nodeRuns");
    for (NodeRunRecord run : store.nodeRuns(r.id())) {
      g.writeStartObject();
      g.writeStringField("node", run.nodeId());
      g.writeNumberField("runIndex", run.runIndex());
      g.writeStringField("status", run.status().name());
      g.writeNumberField("attempts", run.attempts());
      time(g, "startedAt", run.startedAt());
      time(g, "finishedAt", run.finishedAt());
      JsonNode outputs =
          run.outputsRef() != null
              ? readSpilled(spilled(run.outputsRef()))
              : parse(run.outputsJson());
      if (outputs != null) {
        collect(outputs, attached);
        g.writeFieldName("outputs");
        g.writeTree(outputs);
      }
      if (run.errorJson() != null) {
        g.writeFieldName("error");
        g.writeTree(parse(run.errorJson()));
      }
      if (store instanceof NodeStore nodes) {
        Map<String, String> steps = new java.util.TreeMap<>(nodes.steps(r.id(), run.nodeId()));
        if (!steps.isEmpty()) {
          g.writeObjectFieldStart("steps");
          for (Map.Entry<String, String> step : steps.entrySet()) {
            g.writeFieldName(step.getKey());
            g.writeTree(parse(step.getValue()));
          }
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (store instanceof NodeStore nodes) {
      Map<String, List<dev.tyboo.spi.store.MemoryEntry>> memory = nodes.memoryWrittenBy(r.id());
      if (!memory.isEmpty()) {
        g.writeObjectFieldStart("memory");
        for (Map.Entry<String, List<dev.tyboo.spi.store.MemoryEntry>> m : memory.entrySet()) {
          g.writeArrayFieldStart(m.getKey());
          for (dev.tyboo.spi.store.MemoryEntry entry : m.getValue()) {
            g.writeStartObject();
            g.writeStringField("node", entry.nodeId());
            g.writeFieldName("value");
            g.writeTree(parse(entry.valueJson()));
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static void time(JsonGenerator g, String field, Instant at) throws IOException {
    if (at != null) {
      g.writeStringField(field, at.toString());
    }
  }

  private void writeAttachment(JsonGenerator g, BinaryRef ref) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", ref.id());
    if (ref.fileName() != null) {
      g.writeStringField("fileName", ref.fileName());
    }
    if (ref.mimeType() != null) {
      g.writeStringField("mimeType", ref.mimeType());
    }
    g.writeNumberField("size", ref.size());
    if (binaries.exists(ref)) {
      g.writeFieldName("base64");
      try (InputStream in = binaries.open(ref)) {
        g.writeBinary(in, -1);
      }
    } else {
      g.writeBooleanField("missing", true);
    }
    g.writeEndObject();
  }

  private void writeAudit(JsonGenerator g, String tenant, Set<String> targets) throws IOException {
    AuditQuery query = tenant == null ? AuditQuery.all() : AuditQuery.all().tenant(tenant);
    long after = 0;
    while (true) {
      List<AuditRecord> page = audit.read(query.page(after, 1_000));
      for (AuditRecord r : page) {
        if (about(r, targets)) {
          g.writeStartObject();
          g.writeNumberField("sequence", r.sequence());
          g.writeStringField("time", r.event().time().toString());
          g.writeStringField("tenant", r.event().tenant());
          g.writeStringField("actor", r.event().actor());
          g.writeStringField("action", r.event().action());
          g.writeStringField("target", r.event().target());
          g.writeFieldName("detail");
          g.writeObject(r.detail());
          g.writeEndObject();
        }
        after = r.sequence();
      }
      if (page.size() < 1_000) {
        return;
      }
    }
  }

  private static boolean about(AuditRecord r, Set<String> targets) {
    if (targets.contains(r.event().target())) {
      return true;
    }
    return targets.stream().anyMatch(v -> AuditChain.mentions(r.detail(), v));
  }
}

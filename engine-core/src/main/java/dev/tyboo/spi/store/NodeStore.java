package dev.tyboo.spi.store;

import dev.tyboo.execution.ExecutionId;
import java.util.List;
import java.util.Map;

/**
 * What nodes record beyond their outputs: the steps of node runs ({@code NodeContext.steps()}) and
 * node memories kept across executions ({@code NodeContext.memory()}). Both belong to executions:
 * deleting an execution (retention, a data subject's erasure) deletes its steps and the memory
 * entries it wrote. An {@link ExecutionStore} that keeps them implements this interface too (the
 * in-memory and JDBC stores do); on one that does not, a node's steps and memory are refused with a
 * typed error. Implementations must be thread-safe (and safe across processes when shared); their
 * tests run the node-store part of {@code ExecutionStoreContract}.
 */
public interface NodeStore {

  /**
   * Records a step of a node run ({@code NodeContext.steps()}) unless it is recorded already: the
   * first value recorded wins. Deleting the execution deletes its steps.
   *
   * @param id the execution
   * @param nodeId the node
   * @param step the step's name, 1 to 200 characters
   * @param valueJson the step's value as JSON text
   * @return the recorded value: {@code valueJson}, or the value recorded first
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  String recordStep(ExecutionId id, String nodeId, String step, String valueJson);

  /**
   * {@return the recorded steps of a node run: name to value as JSON text, in no particular order;
   * empty when none (or no such execution)}
   *
   * @param id the execution
   * @param nodeId the node
   */
  Map<String, String> steps(ExecutionId id, String nodeId);

  /**
   * Appends entries to a memory, unless this node run wrote them already: entry {@code firstIndex +
   * k} of a node run is written once (a repeated run of the node appends nothing twice). Each entry
   * belongs to its writer: deleting that execution (retention, erasure) deletes it.
   *
   * @param scope who owns the memory: the workflow's tenant, or empty for the host
   * @param key the memory's key (a conversation id), 1 to 200 characters
   * @param writer the execution that writes
   * @param nodeId the node that writes
   * @param firstIndex the node run's index of the first entry
   * @param entriesJson the entries as JSON texts, oldest first
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  void appendMemory(
      String scope,
      String key,
      ExecutionId writer,
      String nodeId,
      int firstIndex,
      List<String> entriesJson);

  /**
   * {@return the newest entries of a memory, at most {@code max}, oldest first}
   *
   * @param scope who owns the memory
   * @param key the memory's key
   * @param max the most entries to read, at least 1
   */
  List<MemoryEntry> memory(String scope, String key, int max);

  /**
   * {@return the memory entries an execution wrote, by memory key, oldest first} For a data
   * subject's export.
   *
   * @param writer the execution
   */
  Map<String, List<MemoryEntry>> memoryWrittenBy(ExecutionId writer);

  /**
   * Deletes every entry of a memory.
   *
   * @param scope who owns the memory
   * @param key the memory's key
   * @return how many entries were deleted
   */
  int forgetMemory(String scope, String key);

  /**
   * Checks a memory key.
   *
   * @param key the key
   * @return the key
   * @throws IllegalArgumentException when it is blank or longer than 200 characters
   */
  static String checkMemoryKey(String key) {
    if (key == null || key.isBlank() || key.length() > 200) {
      throw new IllegalArgumentException(
          "a memory key must be 1 to 200 characters and not blank, was " + key);
    }
    return key;
  }
}

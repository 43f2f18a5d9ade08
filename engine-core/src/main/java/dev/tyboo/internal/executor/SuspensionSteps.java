package dev.tyboo.internal.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a suspension ({@code NodeResult.suspend}) records when it ends: {@code {"items": [<each
 * item's json>]}} (the items' attachments are not kept).
 */
final class SuspensionSteps {

  private SuspensionSteps() {}

  /** {@return a failed child's record: {@code {"items": [], "error": message}}} */
  static String failure(String message) {
    try {
      return JsonMappers.standard()
          .writeValueAsString(Map.of("items", List.of(), "error", String.valueOf(message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String json(List<Item> items) {
    List<Object> json = new ArrayList<>(items.size());
    for (Item item : items) {
      json.add(item.json());
    }
    try {
      return JsonMappers.standard().writeValueAsString(Map.of("items", json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the resume items are not JSON data", e);
    }
  }
}

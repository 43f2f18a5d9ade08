package ${package};

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;

/** Upper-cases one field of each item (JSON type {@code acme.uppercase}). */
public final class Uppercase {

  /** Its parameters. @param field the field to upper-case */
  public record Parameters(
      @Param(required = true, description = "Field to upper-case") String field) {}

  /** The node type, for {@code EngineBuilder.nodeType} and catalogues. */
  public static final NodeType TYPE =
      NodeType.of(
          NodeDescriptor.builder("acme.uppercase").parameters(Parameters.class).build(),
          ctx ->
              NodeResult.mapItems(
                  ctx,
                  Parameters.class,
                  (item, p) -> {
                    if (!(item.get(p.field()) instanceof String text)) {
                      throw NodeFailure.of("field '" + p.field() + "' is not text");
                    }
                    return item.with(p.field(), text.toUpperCase());
                  }));

  private Uppercase() {}
}

package dev.tyboo.node;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a component of a parameters record: workflows must set the parameter when another parameter
 * has one of some values (see {@link PropertySpec#requiredWhen}).
 *
 * <pre>{@code
 * record WaitParameters(
 *     @Param(required = true) Mode mode,
 *     @RequiredWhen(parameter = "mode", is = "duration") Duration duration) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface RequiredWhen {

  /** {@return the other parameter's name} */
  String parameter();

  /** {@return the values (as JSON text) for which the condition holds} */
  String[] is();
}

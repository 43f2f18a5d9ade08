package dev.tyboo.node;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a node parameter declared as a component of a parameters record ({@link
 * NodeDescriptor.Builder#parameters(Class)}, {@link NodeContext#parameters(int, Class)}). Without
 * it, a component is an optional parameter of the type its Java type gives:
 *
 * <table>
 *   <caption>Java types and parameter types</caption>
 *   <tr><th>Component type</th><th>Parameter type</th></tr>
 *   <tr><td>{@code String}</td><td>{@link PropertyType#STRING}</td></tr>
 *   <tr><td>{@code int}, {@code long}, {@code Integer}, {@code Long}, {@code BigInteger}</td>
 *       <td>{@link PropertyType#INTEGER}</td></tr>
 *   <tr><td>{@code double}, {@code Double}, {@code BigDecimal}, {@code Number}</td>
 *       <td>{@link PropertyType#NUMBER}</td></tr>
 *   <tr><td>{@code boolean}, {@code Boolean}</td><td>{@link PropertyType#BOOLEAN}</td></tr>
 *   <tr><td>an enum</td><td>{@link PropertyType#STRING}, one of the constants' names</td></tr>
 *   <tr><td>{@code Duration}</td><td>{@link PropertyType#DURATION}</td></tr>
 *   <tr><td>{@code Instant}</td><td>{@link PropertyType#INSTANT}</td></tr>
 *   <tr><td>{@code List<T>} of any type here</td><td>{@link PropertyType#ARRAY}</td></tr>
 *   <tr><td>{@code Map<String, ?>}</td><td>{@link PropertyType#OBJECT}</td></tr>
 *   <tr><td>a record</td><td>{@link PropertyType#OBJECT} with the record's fields</td></tr>
 *   <tr><td>{@code Object}</td><td>{@link PropertyType#ANY}</td></tr>
 * </table>
 *
 * <p>An unset optional parameter binds to {@code null} ({@code 0} or {@code false} for a
 * primitive). The record and its canonical constructor must be public, or its package open to
 * {@code dev.tyboo.core}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {

  /** {@return the parameter's name; by default the component's} */
  String name() default "";

  /** {@return what the parameter means, for people} */
  String description() default "";

  /** {@return whether workflows must set it (unless it has a default)} */
  boolean required() default false;

  /**
   * {@return the default, written as the JSON value's text ({@code "GET"} for a string, {@code
   * "30"}, {@code "true"}, {@code "PT30S"}, an enum constant's name, or JSON for lists, maps and
   * records); empty for none}
   */
  String defaultValue() default "";

  /** {@return the allowed values (as text); empty for any value (an enum allows its constants)} */
  String[] oneOf() default {};

  /**
   * {@return the parameter type when the Java type does not say it: {@link PropertyType#CODE} for a
   * {@code String} of program text, {@link PropertyType#WORKFLOW} for a {@code Map} holding a
   * workflow; {@link PropertyType#ANY} (the default) derives it from the Java type}
   */
  PropertyType type() default PropertyType.ANY;
}

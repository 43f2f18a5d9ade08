package dev.tyboo.internal.expression;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an engine class whose public methods expressions may call (for example {@code $node("id")}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ExpressionView {}

/**
 * Expressions as an SPI: {@link dev.tyboo.spi.expression.ExpressionLanguage}, with {@link
 * dev.tyboo.spi.expression.ExpressionLanguage#safeDefault()} built on Apache Commons JEXL.
 */
package dev.tyboo.spi.expression;

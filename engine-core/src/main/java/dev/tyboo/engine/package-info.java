/**
 * The entry point: {@link dev.tyboo.engine.Engine}, built with {@link
 * dev.tyboo.engine.Engine#builder()}.
 */
package dev.tyboo.engine;

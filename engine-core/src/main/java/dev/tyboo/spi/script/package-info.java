/**
 * SPI for running user code: the {@link dev.tyboo.spi.script.ScriptSandbox} the Code node runs its
 * scripts in, and what a sandbox is given ({@link dev.tyboo.spi.script.Script}, arguments, {@link
 * dev.tyboo.spi.script.ScriptFunction}s) and returns ({@link dev.tyboo.spi.script.ScriptResult}).
 * Engines find a sandbox through {@link dev.tyboo.spi.script.ScriptSandboxProvider} unless given
 * one.
 */
package dev.tyboo.spi.script;

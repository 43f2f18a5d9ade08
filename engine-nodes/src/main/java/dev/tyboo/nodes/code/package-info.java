/**
 * The Code node ({@link dev.tyboo.nodes.code.Code}) and the sandbox it runs user code in ({@link
 * dev.tyboo.nodes.code.GraalScriptSandbox}, GraalVM polyglot).
 */
package dev.tyboo.nodes.code;

/** Utility nodes: {@link dev.tyboo.nodes.util.Crypto}, {@link dev.tyboo.nodes.util.DateTime}. */
package dev.tyboo.nodes.util;

/** Utility nodes: {@link dev.tyboo.nodes.util.Crypto}. */
package dev.tyboo.nodes.util;

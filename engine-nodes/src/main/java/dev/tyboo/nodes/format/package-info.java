/**
 * File format nodes: {@link dev.tyboo.nodes.format.Csv}, {@link dev.tyboo.nodes.format.Gzip},
 * {@link dev.tyboo.nodes.format.JsonFile}.
 */
package dev.tyboo.nodes.format;

/**
 * Logic nodes: {@link dev.tyboo.nodes.logic.If}, {@link dev.tyboo.nodes.logic.Filter}, {@link
 * dev.tyboo.nodes.logic.NoOp}, {@link dev.tyboo.nodes.logic.StopAndError}.
 */
package dev.tyboo.nodes.logic;

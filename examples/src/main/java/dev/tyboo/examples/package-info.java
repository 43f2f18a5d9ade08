/** Runnable programs; {@link dev.tyboo.examples.Quickstart} is the README quickstart. */
package dev.tyboo.examples;

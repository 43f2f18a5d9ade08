/** How an engine finds its script sandbox. */
package dev.tyboo.internal.script;

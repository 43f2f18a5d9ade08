/**
 * The node catalogue: logic, data, HTTP, triggers, integrations and the Code node (not yet built).
 *
 * <p>This module is a placeholder in 0.1.0: it holds no public API yet.
 */
package dev.tyboo.nodes;

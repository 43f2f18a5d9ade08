/**
 * The engine's one Jackson configuration: {@link dev.tyboo.json.JsonMappers} makes every mapper the
 * modules use, so that JSON is bounded and read the same way everywhere.
 */
package dev.tyboo.json;

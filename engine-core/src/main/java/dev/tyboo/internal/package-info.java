/**
 * Implementation details of Tyboo Engine. Nothing under {@code dev.tyboo.internal} is API: it may
 * change in any release without notice. Do not use it directly.
 */
package dev.tyboo.internal;

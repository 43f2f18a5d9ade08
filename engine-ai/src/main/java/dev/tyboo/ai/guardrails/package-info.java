/**
 * Guardrails: {@link dev.tyboo.ai.guardrails.PiiDetector} finds personal data in text (and redacts
 * it), each finding a {@link dev.tyboo.ai.guardrails.PiiFinding}; the {@link
 * dev.tyboo.ai.guardrails.GuardrailNode} applies it to items.
 */
package dev.tyboo.ai.guardrails;

/**
 * Binary data as an SPI: {@link dev.tyboo.spi.binary.BinaryStore}, with in-memory and file-system
 * implementations from its static factories.
 */
package dev.tyboo.spi.binary;

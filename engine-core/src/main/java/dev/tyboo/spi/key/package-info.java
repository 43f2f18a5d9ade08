/**
 * SPI for master keys: the {@link dev.tyboo.spi.key.KeyProvider} whose keys wrap the data keys of
 * encrypted credentials, with implementations that read keys from the environment, a Java key store
 * or memory.
 */
package dev.tyboo.spi.key;

/**
 * Time as an SPI: {@link dev.tyboo.spi.time.Clock} ({@link dev.tyboo.spi.time.Clock#system()} by
 * default) and {@link dev.tyboo.spi.time.ManualClock} for tests that drive time.
 */
package dev.tyboo.spi.time;

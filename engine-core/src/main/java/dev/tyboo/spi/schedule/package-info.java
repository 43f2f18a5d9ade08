/**
 * SPI for schedules: the {@link dev.tyboo.spi.schedule.ScheduleLedger} in which every fire is
 * claimed once, across processes, and missed fires are found after downtime.
 */
package dev.tyboo.spi.schedule;

/**
 * Spring Boot integration: {@link dev.tyboo.spring.TybooAutoConfiguration} makes an {@code Engine}
 * bean, configured by {@link dev.tyboo.spring.TybooProperties} ({@code tyboo.*}).
 */
package dev.tyboo.spring;

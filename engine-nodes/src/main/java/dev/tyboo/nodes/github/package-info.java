/**
 * GitHub over its REST API: {@link dev.tyboo.nodes.github.GitHub} (issues and comments) and {@link
 * dev.tyboo.nodes.github.GitHubTrigger} (webhook deliveries, their signatures checked).
 */
package dev.tyboo.nodes.github;

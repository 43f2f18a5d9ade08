/**
 * Google Workspace over its REST APIs with a {@code googleOAuth2Api} credential: {@link
 * dev.tyboo.nodes.google.GoogleSheets}, {@link dev.tyboo.nodes.google.GoogleDrive} and {@link
 * dev.tyboo.nodes.google.Gmail}.
 */
package dev.tyboo.nodes.google;

/**
 * Microsoft 365 over Microsoft Graph with a {@code microsoftOAuth2Api} credential: {@link
 * dev.tyboo.nodes.microsoft.MicrosoftOutlook}, {@link dev.tyboo.nodes.microsoft.MicrosoftOneDrive}
 * and {@link dev.tyboo.nodes.microsoft.MicrosoftExcel}.
 */
package dev.tyboo.nodes.microsoft;

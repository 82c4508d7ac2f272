/**
 * Browser pages served by hub/server from this jar's {@code webroot}: the website visitors' chat
 * widget ({@code /widget/loader.js}) and the demo page that embeds it ({@code /demo/}). The agent
 * workspace and the supervisor wallboard are not built yet (docs/status.md).
 */
package io.linehub.widget;

/**
 * Browser assets (visitor widget, agent workspace, supervisor wallboard) served by hub/server.
 * Built by the web-widget issue; nothing here yet.
 */
package io.linehub.widget;

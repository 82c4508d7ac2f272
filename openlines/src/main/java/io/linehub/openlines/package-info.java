/**
 * Open-line channel connectors and the session engine. Built by the openlines issue; nothing here yet.
 */
package io.linehub.openlines;

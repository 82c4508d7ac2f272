/**
 * Internal and open-line chat: dialogs, messages with per-dialog sequence numbers and the
 * WebSocket protocol for people. Built by the chat issue; nothing here yet.
 */
package io.linehub.chat;

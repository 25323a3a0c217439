package io.modelvet.server.web;

/** What every page's layout needs: its title, the signed-in user (or null) and the session's CSRF token. */
public record Page(String title, String user, String role, String csrf) {}

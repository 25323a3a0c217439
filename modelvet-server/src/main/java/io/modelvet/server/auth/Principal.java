package io.modelvet.server.auth;

/** The caller behind a request: a token's id, name and role. */
public record Principal(long tokenId, String name, Role role) {}

package dev.waggle.endtoend;

import java.util.ArrayList;
import java.util.List;

/** Test data: a registry file in ToolHive's upstream format, with servers and skills. */
final class CatalogFiles {
  private final List<String> servers = new ArrayList<>();
  private final List<String> skills = new ArrayList<>();

  static CatalogFiles catalog() {
    return new CatalogFiles();
  }

  CatalogFiles server(String name, String version, String description) {
    servers.add(
        """
        {"$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
         "name": "%s", "description": "%s", "version": "%s",
         "packages": [{"registryType": "npm", "identifier": "@e2e/%s", "version": "%s",
                       "transport": {"type": "stdio"}}]}"""
            .formatted(name, description, version, name.substring(name.indexOf('/') + 1), version));
    return this;
  }

  CatalogFiles skill(String namespace, String name, String version) {
    skills.add(
        """
        {"namespace": "%s", "name": "%s", "description": "The %s skill", "version": "%s",
         "packages": [{"registryType": "oci", "identifier": "ghcr.io/e2e/%s:%s"}]}"""
            .formatted(namespace, name, name, version, name, version));
    return this;
  }

  String json() {
    return "{\"version\": \"1.0.0\", \"meta\": {\"last_updated\": \"2026-10-01T00:00:00Z\"},"
        + " \"data\": {\"servers\": ["
        + String.join(",", servers)
        + "], \"skills\": ["
        + String.join(",", skills)
        + "]}}";
  }
}

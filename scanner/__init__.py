"""piiscan's scanner: the library API (:mod:`scanner.api`), the CLI, configuration, the
policy and data-map models, and the wiring of connectors to detectors."""

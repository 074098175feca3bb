"""The HTTP plumbing every part shares: settings, app state, errors, parameters,
preconditions, authentication and security headers."""

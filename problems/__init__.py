"""The built-in practice pack: one folder per problem (see README.md); shipped as data."""

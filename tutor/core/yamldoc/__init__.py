"""YAML read safely with every key's position, and its problems said in the editor's words."""

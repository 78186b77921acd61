"""The user's settings: the config file, its values and writer, paths, remembered preferences."""

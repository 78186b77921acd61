"""Algorithm practice: problem packs, running the student's code against tests, progress."""

"""The persona editor screen and its parts: YAML, problems, cost, trial chat, rehearsals."""

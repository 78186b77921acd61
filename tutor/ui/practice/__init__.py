"""The practice screen: the problem list, the statement, the code, its runs, the tutor, hints."""

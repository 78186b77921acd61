"""The request budget: the window, token counts, calibration and which messages fit."""

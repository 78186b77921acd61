"""Tests of the Textual app, driven with Pilot against the scripted server over real HTTP."""

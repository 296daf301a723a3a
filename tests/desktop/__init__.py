"""Tests of desktop/."""

"""Tests of core/cli/."""
